#include "kiosk/background_jobs.h"

namespace ventanilla {

BackgroundJobs::BackgroundJobs(std::function<void()> wake)
    : wake_(std::move(wake)), worker_([this] { run(); }) {}

BackgroundJobs::~BackgroundJobs() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    posted_.notify_all();
    worker_.join();
}

void BackgroundJobs::post(Job job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    posted_.notify_all();
}

std::size_t BackgroundJobs::apply_finished() {
    std::vector<Apply> finished;
    {
        std::lock_guard lock(mutex_);
        finished.swap(finished_);
    }
    for (Apply& apply : finished) {
        if (apply) apply();
    }
    return finished.size();
}

bool BackgroundJobs::idle() const {
    std::lock_guard lock(mutex_);
    return jobs_.empty() && !running_ && finished_.empty();
}

void BackgroundJobs::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        posted_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        running_ = true;
        lock.unlock();
        Apply apply = job(stopping_);
        lock.lock();
        running_ = false;
        if (stopping_) return;
        finished_.push_back(std::move(apply));
        lock.unlock();
        if (wake_) wake_();
        lock.lock();
    }
}

}  // namespace ventanilla
