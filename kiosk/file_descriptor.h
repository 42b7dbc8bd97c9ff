// A POSIX file descriptor closed on every way out of a scope.
#pragma once

#include <unistd.h>

namespace ventanilla {

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    // close() can report a write-back error (NFS, some FUSE) that fsync did not: callers
    // that promise durability check it.
    int close() {
        const int result = ::close(fd_);
        fd_ = -1;
        return result;
    }

private:
    int fd_;
};

}  // namespace ventanilla
