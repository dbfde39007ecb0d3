// The kubelet's removal of one container, kuberuntime's removeContainer
// (pkg/kubelet/kuberuntime/kuberuntime_container.go): removeContainerLog first, whose
// ContainerStatus finds the log path, then RemoveContainer. A failed ContainerStatus
// (NotFound: another remover got there first) ends the removal with its error, so
// RemoveContainer is not called; both calls are counted by the instrumented runtime
// service (kubelet_runtime_operations_errors). The same order in the glog-era text
// (<= 1.12), the klog one without a context (1.13-1.25, M3's 1.13) and today's.
// Every remover of the kubelet uses it: the container GC (kuberuntime_gc.go
// evictContainers), the pod container deletor (pod_container_deletor.go, through
// DeleteContainer) and killPod's clean-up. Here because the kubelet and the workload
// (which models the kubelet's container GC and pod removal) may not include each other.
#pragma once

#include "sim/core/task.h"
#include "sim/cri/runtime.h"

namespace plegsim::cri {

core::Task<Status> remove_container_and_log(Runtime& rt, ContainerId id);

}  // namespace plegsim::cri
