# The two commands of the README: `make run` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure build programs run test bench package clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Only the two programs: the terminal and the central server.
programs: configure
	@cmake --build $(BUILD) -j$(JOBS) --target ventanilla ventanilla-central

run: programs
	@bash scripts/run.sh $(BUILD)

test: build
	@bash scripts/test.sh $(BUILD)

bench: build
	@bash scripts/bench.sh $(BUILD)

# The Debian packages ventanilla and ventanilla-central (docs/installation.md).
package: programs
	@cmake --build $(BUILD) --target package

clean:
	rm -rf $(BUILD)
