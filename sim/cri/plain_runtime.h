// A runtime as plain as the CRI: it forwards every call to another runtime and offers
// no capability, so a caller materialises every list as the kubelet does. Simulations
// built with BuildOptions::incremental_relist = false talk to the simulated runtime
// through one; tests/fidelity/plain_runtime_test.cpp holds both to the same results.
#pragma once

#include "sim/cri/runtime.h"

namespace plegsim::cri {

class PlainRuntime final : public Runtime {
 public:
  explicit PlainRuntime(Runtime& inner) : inner_(inner) {}

  Reply<Result<SandboxList>> list_pod_sandbox(ListFilter f) override {
    return inner_.list_pod_sandbox(f);
  }
  Reply<Result<ContainerList>> list_containers(ListFilter f) override {
    return inner_.list_containers(f);
  }
  Reply<Result<SandboxView>> pod_sandbox_status(ContainerId id) override {
    return inner_.pod_sandbox_status(id);
  }
  Reply<Result<ContainerView>> container_status(ContainerId id) override {
    return inner_.container_status(id);
  }
  Reply<Status> status() override { return inner_.status(); }
  Reply<Result<ContainerId>> run_pod_sandbox(PodUid pod) override {
    return inner_.run_pod_sandbox(pod);
  }
  Reply<Status> stop_pod_sandbox(ContainerId id) override { return inner_.stop_pod_sandbox(id); }
  Reply<Status> remove_pod_sandbox(ContainerId id) override {
    return inner_.remove_pod_sandbox(id);
  }
  Reply<Result<ContainerId>> create_container(PodUid pod, int slot) override {
    return inner_.create_container(pod, slot);
  }
  Reply<Status> start_container(ContainerId id) override { return inner_.start_container(id); }
  Reply<Status> stop_container(ContainerId id) override { return inner_.stop_container(id); }
  Reply<Status> remove_container(ContainerId id) override { return inner_.remove_container(id); }
  Reply<Status> invoke(models::Op op) override { return inner_.invoke(op); }
  Reply<Result<SandboxStatusWithContainers>> pod_sandbox_status_with_containers(
      ContainerId id) override {
    return inner_.pod_sandbox_status_with_containers(id);
  }
  Reply<Status> get_container_events(ContainerEventSink& sink) override {
    return inner_.get_container_events(sink);
  }
  // change_feed(): none (the default).

 private:
  Runtime& inner_;
};

}  // namespace plegsim::cri
