#include "sim/kubelet/pod_cache.h"

namespace plegsim::kubelet {

bool PodCache::set(PodUid uid, PodStatus status, bool has_error, Time ts, bool refuse_older) {
  auto i = static_cast<std::size_t>(uid);
  if (i >= entries_.size()) entries_.resize(i + 1);
  auto& e = entries_[i];
  if (refuse_older && e && e->modified > ts) return false;
  if (!e) ++count_;
  e = Entry{std::move(status), has_error, ts, ts};
  notify(uid, ts);
  return true;
}

void PodCache::remove(PodUid uid) {
  auto i = static_cast<std::size_t>(uid);
  if (i < entries_.size() && entries_[i]) {
    entries_[i].reset();
    --count_;
  }
}

const PodCache::Entry* PodCache::get(PodUid uid) const {
  auto i = static_cast<std::size_t>(uid);
  if (uid < 0 || i >= entries_.size() || !entries_[i]) return nullptr;
  return &*entries_[i];
}

void PodCache::update_time(Time ts) {
  timestamp_ = ts;
  if (waiting_ == 0) return;
  for (auto& s : subscriptions_) {
    if (!s.result && !(ts < s.min_time)) {
      s.result = get_or_default(s.uid);
      --waiting_;
    }
  }
}

void PodCache::set_observed_time(PodUid uid, Time ts) {
  auto i = static_cast<std::size_t>(uid);
  if (uid >= 0 && i < entries_.size() && entries_[i]) entries_[i]->observed = ts;
  notify(uid, ts);
}

PodCache::SubscriptionId PodCache::subscribe(PodUid uid, Time min_time) {
  Subscription s{uid, min_time, get_if_newer_than(uid, min_time)};
  if (!s.result) ++waiting_;
  subscriptions_.push_back(std::move(s));
  return subscriptions_.size() - 1;
}

std::optional<PodCache::Entry> PodCache::get_if_newer_than(PodUid uid, Time min_time) const {
  const Entry* e = get(uid);
  const bool global_newer = timestamp_ && *timestamp_ > min_time;
  if (e == nullptr) {
    if (global_newer) return get_or_default(uid);
    return std::nullopt;
  }
  if (global_newer || e->modified > min_time || e->observed > min_time) return *e;
  return std::nullopt;
}

PodCache::Entry PodCache::get_or_default(PodUid uid) const {
  if (const Entry* e = get(uid)) return *e;
  Entry d;
  d.status.id = uid;
  return d;
}

void PodCache::notify(PodUid uid, Time ts) {
  if (waiting_ == 0) return;
  for (auto& s : subscriptions_) {
    if (!s.result && s.uid == uid && !(ts < s.min_time)) {
      s.result = get_or_default(uid);
      --waiting_;
    }
  }
}

}  // namespace plegsim::kubelet
