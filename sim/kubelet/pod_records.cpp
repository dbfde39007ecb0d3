#include "sim/kubelet/pod_records.h"

#include <algorithm>

namespace plegsim::kubelet {

PodRecords::Record& PodRecords::ensure(PodUid uid) {
  auto i = static_cast<std::size_t>(uid);
  if (i >= records_.size()) records_.resize(i + 1);
  if (!records_[i]) {
    records_[i].emplace();
    ++count_;
  }
  return *records_[i];
}

const PodRecords::Record* PodRecords::get(PodUid uid) const {
  auto i = static_cast<std::size_t>(uid);
  if (uid < 0 || i >= records_.size() || !records_[i]) return nullptr;
  return &*records_[i];
}

const Pod* PodRecords::get_old(PodUid uid) const {
  const Record* r = get(uid);
  return r && r->old ? &*r->old : nullptr;
}

const Pod* PodRecords::get_current(PodUid uid) const {
  const Record* r = get(uid);
  return r && r->current ? &*r->current : nullptr;
}

std::vector<PodUid> PodRecords::uids() const {
  std::vector<PodUid> out;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (records_[i]) out.push_back(static_cast<PodUid>(i));
  }
  return out;
}

void PodRecords::refresh_pending(PodUid uid) {
  const Record* r = get(uid);
  if (r != nullptr && r->old != r->current) {
    pending_.insert(uid);
  } else {
    pending_.erase(uid);
  }
}

std::vector<PodUid> PodRecords::set_current(const PodListing& listing) {
  if (!listing.is_lazy()) {
    for (auto& r : records_) {
      if (r) r->current.reset();
    }
    for (const Pod& p : listing.pods()) ensure(p.id).current = p;
    pending_.clear();
    std::vector<PodUid> all = uids();
    for (PodUid uid : all) refresh_pending(uid);
    baseline_.reset();
    return all;
  }
  if (baseline_ && *baseline_ == listing.container_generation()) {
    // Nothing changed since the last listing (the quiet relist): only the pending
    // records are diffed again. The same as the general path below, without its work.
    return std::vector<PodUid>(pending_.begin(), pending_.end());
  }
  std::vector<PodUid> changed = listing.changed_since(baseline_);
  for (PodUid uid : changed) {
    std::optional<Pod> p = listing.pod(uid);
    if (p) {
      ensure(uid).current = std::move(p);
    } else if (get(uid) != nullptr) {
      records_[static_cast<std::size_t>(uid)]->current.reset();
    }
    refresh_pending(uid);
  }
  baseline_ = listing.sandbox_generation();
  std::vector<PodUid> out;
  out.reserve(changed.size() + pending_.size());
  std::set_union(changed.begin(), changed.end(), pending_.begin(), pending_.end(),
                 std::back_inserter(out));
  // Only pods with a record can have events.
  std::erase_if(out, [&](PodUid uid) { return get(uid) == nullptr; });
  return out;
}

void PodRecords::set_current_pod(PodUid uid, const std::optional<Pod>& pod) {
  if (pod) {
    ensure(uid).current = *pod;
  } else if (get(uid) != nullptr) {
    records_[static_cast<std::size_t>(uid)]->current.reset();
  }
  refresh_pending(uid);
}

void PodRecords::set(PodUid uid, std::optional<Pod> old, std::optional<Pod> current) {
  if (!old && !current) {
    auto i = static_cast<std::size_t>(uid);
    if (get(uid) != nullptr) {
      records_[i].reset();
      --count_;
    }
    pending_.erase(uid);
    return;
  }
  Record& r = ensure(uid);
  r.old = std::move(old);
  r.current = std::move(current);
  refresh_pending(uid);
}

void PodRecords::update(PodUid uid) {
  auto i = static_cast<std::size_t>(uid);
  if (uid < 0 || i >= records_.size() || !records_[i]) return;
  Record& r = *records_[i];
  if (!r.current) {
    records_[i].reset();
    --count_;
  } else {
    r.old = r.current;
  }
  pending_.erase(uid);
}

}  // namespace plegsim::kubelet
