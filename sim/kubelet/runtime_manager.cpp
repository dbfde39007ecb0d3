#include "sim/kubelet/runtime_manager.h"

#include <algorithm>

namespace plegsim::kubelet {

core::Task<cri::Result<PodListing>> RuntimeManager::get_pods() {
  if (feed_ != nullptr) {
    auto sandboxes = co_await feed_->list_pod_sandbox_generation();
    if (!sandboxes.ok()) co_return cri::Result<PodListing>{sandboxes.status, {}};
    auto containers = co_await feed_->list_containers_generation();
    if (!containers.ok()) co_return cri::Result<PodListing>{containers.status, {}};
    co_return cri::Result<PodListing>{
        {}, PodListing::lazy(feed_->change_log(), sandboxes.value, containers.value)};
  }
  auto sandboxes = co_await rt_.list_pod_sandbox(cri::ListFilter{});
  if (!sandboxes.ok()) co_return cri::Result<PodListing>{sandboxes.status, {}};
  auto containers = co_await rt_.list_containers(cri::ListFilter{});
  if (!containers.ok()) co_return cri::Result<PodListing>{containers.status, {}};
  co_return cri::Result<PodListing>{{},
                                    PodListing::materialised(sandboxes.value, containers.value)};
}

core::Task<cri::Result<std::optional<Pod>>> RuntimeManager::get_pod(PodUid uid) {
  auto sandboxes = co_await rt_.list_pod_sandbox(cri::ListFilter{uid});
  if (!sandboxes.ok()) co_return cri::Result<std::optional<Pod>>{sandboxes.status, {}};
  auto containers = co_await rt_.list_containers(cri::ListFilter{uid});
  if (!containers.ok()) co_return cri::Result<std::optional<Pod>>{containers.status, {}};
  auto listing = PodListing::materialised(sandboxes.value, containers.value);
  std::optional<Pod> pod;
  if (!listing.pods().empty()) pod = listing.pods().front();
  co_return cri::Result<std::optional<Pod>>{{}, std::move(pod)};
}

core::Task<cri::Result<PodStatus>> RuntimeManager::get_pod_status(PodUid uid) {
  cri::Result<PodStatus> out;
  out.value.id = uid;
  auto sandboxes = co_await rt_.list_pod_sandbox(cri::ListFilter{uid});
  if (!sandboxes.ok()) {
    out.status = sandboxes.status;
    co_return out;
  }
  auto& sbs = sandboxes.value.items;
  if (sbs.size() > 1) {  // (one sandbox, the usual case: no sort, no temporary buffer)
    std::stable_sort(sbs.begin(), sbs.end(),
                     [](const auto& a, const auto& b) { return a.created > b.created; });
  }
  bool from_sandbox = false;
  out.value.sandbox_statuses.reserve(sbs.size());
  for (std::size_t i = 0; i < sbs.size(); ++i) {
    cri::Result<cri::SandboxView> st;
    if (i == 0 && evented_gate_) {
      // The newest sandbox's status carries the containers' statuses and a timestamp.
      auto full = co_await rt_.pod_sandbox_status_with_containers(sbs[i].id);
      st = {full.status, full.value.sandbox};
      if (full.ok() && full.value.has_timestamp) {
        from_sandbox = true;
        out.value.container_statuses = std::move(full.value.containers);
        out.value.timestamp = full.value.timestamp;
      }
    } else {
      st = co_await rt_.pod_sandbox_status(sbs[i].id);
    }
    if (!st.ok()) {
      // Removed between the pod's ListPodSandbox and this call: 1.24+ acts as if the
      // list had not returned it (#108325); older releases fail the inspection.
      if (st.status.code == cri::Code::kNotFound && profile_.ignore_sandbox_status_not_found) {
        continue;
      }
      out.status = st.status;
      co_return out;
    }
    // The pod IP comes only from the newest sandbox, and only when it is READY.
    if (i == 0 && st.value.state == cri::SandboxState::kReady) {
      out.value.has_ip = true;
      out.value.ips = st.value.ips;
    }
    out.value.sandbox_statuses.push_back(st.value);
  }
  if (from_sandbox) co_return out;
  auto containers = co_await rt_.list_containers(cri::ListFilter{uid});
  if (!containers.ok()) {
    out.status = containers.status;
    co_return out;
  }
  out.value.container_statuses.reserve(containers.value.items.size());
  for (const auto& c : containers.value.items) {
    auto st = co_await rt_.container_status(c.id);
    if (!st.ok()) {
      if (st.status.code == cri::Code::kNotFound && profile_.ignore_container_status_not_found) {
        continue;  // removed between the list and the status call (#107670)
      }
      out.status = st.status;
      co_return out;
    }
    out.value.container_statuses.push_back(st.value);
  }
  co_return out;
}

}  // namespace plegsim::kubelet
