#include "kiosk/call_board.h"

#include <algorithm>

namespace ventanilla {

namespace {

void forget_number(std::deque<QueueCall>& list, const std::string& number) {
    std::erase_if(list, [&](const QueueCall& c) { return c.number == number; });
}

}  // namespace

std::vector<QueueCall> CallBoard::take(const std::vector<FeedCall>& calls, TimePoint now) {
    std::vector<QueueCall> to_announce;
    for (const FeedCall& fed : calls) {
        const QueueCall& call = fed.call;
        if (call.sequence <= last_sequence_) continue;
        last_sequence_ = call.sequence;
        // A recall, or a ticket called again after a transfer, is one line: its latest call.
        forget_number(recent_, call.number);
        forget_number(appointments_, call.number);
        if (current_ && current_->number != call.number) push_down(*current_);
        current_ = call;
        if (fed.announce) {
            to_announce.push_back(call);
            highlight_until_ = now + settings_.highlight;
        } else {
            highlight_until_.reset();
        }
    }
    return to_announce;
}

void CallBoard::clear() {
    current_.reset();
    recent_.clear();
    appointments_.clear();
    highlight_until_.reset();
    last_sequence_ = 0;
}

void CallBoard::push_down(const QueueCall& call) {
    std::deque<QueueCall>& list = call.appointment ? appointments_ : recent_;
    std::size_t limit = call.appointment ? settings_.appointment_calls : settings_.recent_calls;
    list.push_front(call);
    while (list.size() > limit) list.pop_back();
}

}  // namespace ventanilla
