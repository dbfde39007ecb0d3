#include "sim/kubelet/pod_cache.h"

namespace plegsim::kubelet {

bool PodCache::set(PodUid uid, PodStatus status, bool has_error, Time ts, bool refuse_older) {
  auto i = static_cast<std::size_t>(uid);
  if (i >= entries_.size()) entries_.resize(i + 1);
  auto& e = entries_[i];
  if (refuse_older && e && e->modified > ts) return false;
  if (!e) ++count_;
  e = Entry{std::move(status), has_error, ts};
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

}  // namespace plegsim::kubelet
