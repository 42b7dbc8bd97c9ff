// One worker thread for a screen's slow calls (the network, the disk): jobs run in order, and
// each hands back what to do with its result, which the UI thread runs when it drains them at
// the start of a loop turn. The screen's state is only ever touched on the UI thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ventanilla {

class BackgroundJobs {
public:
    // What the UI thread does with a job's result.
    using Apply = std::function<void()>;
    // Runs on the worker; `stopping` turns true when the owner goes (hand it to http calls).
    using Job = std::function<Apply(const std::atomic<bool>& stopping)>;

    explicit BackgroundJobs(std::function<void()> wake);
    ~BackgroundJobs();  // drops jobs not started, gives up the running one's calls, joins
    BackgroundJobs(const BackgroundJobs&) = delete;
    BackgroundJobs& operator=(const BackgroundJobs&) = delete;

    void post(Job job);
    // Runs the results of the jobs finished so far, in order. Returns how many ran.
    std::size_t apply_finished();
    // No job waiting or running.
    bool idle() const;

private:
    void run();

    std::function<void()> wake_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::condition_variable posted_;
    std::deque<Job> jobs_;
    std::vector<Apply> finished_;
    bool running_ = false;
    std::thread worker_;  // last: started once everything above exists
};

}  // namespace ventanilla
