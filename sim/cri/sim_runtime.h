// The simulated container runtime: the CRI operations, each what it does to (or reads
// from) the runtime's state, the Store, at the instant the call returns. How long a
// call takes and when it returns (slots, latency, deadlines, faults) is its CallEngine.
#pragma once

#include "sim/cri/call_engine.h"
#include "sim/cri/change_feed.h"
#include "sim/cri/event_stream.h"
#include "sim/cri/runtime.h"
#include "sim/cri/sim_runtime_config.h"
#include "sim/cri/store.h"

namespace plegsim::cri {

// The engine is a private base, not a member: a frameless reply's `impl` is the engine,
// and its resume gets back to the runtime at a constant offset, with no stored pointer
// to load per call.
class SimRuntime final : public Runtime, private ChangeFeed, private CallEngine {
 public:
  SimRuntime(core::Kernel& k, Store& store, SimRuntimeConfig cfg);
  ~SimRuntime() override;

  using CallEngine::hung_calls;
  using CallEngine::lock_holders;
  using CallEngine::lock_waiters;
  using CallEngine::server;
  void set_call_observer(CallObserver* o) {
    observer_ = o;
    CallEngine::set_call_observer(o);
  }
  Store& store() { return store_; }

  Reply<Result<SandboxList>> list_pod_sandbox(ListFilter filter) override;
  Reply<Result<ContainerList>> list_containers(ListFilter filter) override;
  Reply<Result<SandboxView>> pod_sandbox_status(ContainerId id) override;
  Reply<Result<ContainerView>> container_status(ContainerId id) override;
  Reply<Status> status() override;
  Reply<Result<ContainerId>> run_pod_sandbox(PodUid pod) override;
  Reply<Status> stop_pod_sandbox(ContainerId id) override;
  Reply<Status> remove_pod_sandbox(ContainerId id) override;
  Reply<Result<ContainerId>> create_container(PodUid pod, int slot) override;
  Reply<Status> start_container(ContainerId id) override;
  Reply<Status> stop_container(ContainerId id) override;
  Reply<Status> remove_container(ContainerId id) override;
  Reply<Status> invoke(models::Op op) override;
  Reply<Result<SandboxStatusWithContainers>> pod_sandbox_status_with_containers(
      ContainerId id) override;
  Reply<Status> get_container_events(ContainerEventSink& sink) override;
  // The change feed: unfiltered lists answered by the store's generation.
  ChangeFeed* change_feed() override { return this; }

  // Container events generated but never delivered (stream down or hung).
  std::uint64_t events_lost() const { return stream_.events_lost(); }

 private:
  // Builds a call's result from its status at the instant it returns.
  template <class T>
  using Finish = T (*)(SimRuntime& rt, Status st, const Request& r);
  template <class T, Finish<T> F>
  static T resume_cb(void* engine, Token token, const Request& r) {
    auto& rt = static_cast<SimRuntime&>(*static_cast<CallEngine*>(engine));
    Status st = rt.returned(token, r);
    T out = F(rt, st, r);
    if (status_of(out).code != st.code) [[unlikely]] {
      rt.answered(r.op, status_of(out));
    }
    return out;
  }
  static Status status_of(const Status& s) { return s; }
  template <class V>
  static Status status_of(const Result<V>& r) {
    return r.status;
  }
  // The call the engine just reported returns `st` to its caller instead: an object gone
  // by the time the call returned is found only when its result is built from the store,
  // after the engine's report (CallObserver::on_call_answered).
  void answered(models::Op op, Status st) {
    if (observer_ != nullptr) observer_->on_call_answered(op, k_.now(), st);
  }
  template <class T, Finish<T> F>
  static constexpr typename Reply<T>::Ops kFramelessOps{
      &CallEngine::start_cb, &CallEngine::suspend_cb, &SimRuntime::resume_cb<T, F>};
  // One frameless call: the engine serves it, F makes its result.
  template <class T, Finish<T> F>
  Reply<T> frameless(const Request& r) {
    return Reply<T>(static_cast<CallEngine*>(this), r, &kFramelessOps<T, F>);
  }
  Target target_of_container(ContainerId id) const;
  Target target_of_sandbox(ContainerId id) const;
  Request on_sandbox(models::Op op, ContainerId id) const;
  Request on_container(models::Op op, ContainerId id) const;
  Reply<Result<ListedGeneration>> list_pod_sandbox_generation() override;
  Reply<Result<ListedGeneration>> list_containers_generation() override;
  ChangeLog& change_log() override { return store_; }
  static Result<ListedGeneration> finish_list_sandbox_generation(SimRuntime& rt, Status st,
                                                                 const Request& r);
  static Result<ListedGeneration> finish_list_container_generation(SimRuntime& rt, Status st,
                                                                   const Request& r);
  static Result<SandboxList> finish_list_pod_sandbox(SimRuntime& rt, Status st, const Request& r);
  static Result<ContainerList> finish_list_containers(SimRuntime& rt, Status st, const Request& r);
  static Result<SandboxView> finish_pod_sandbox_status(SimRuntime& rt, Status st, const Request& r);
  static Result<ContainerView> finish_container_status(SimRuntime& rt, Status st, const Request& r);
  static Status finish_status_only(SimRuntime& rt, Status st, const Request& r);
  static Result<ContainerId> finish_run_pod_sandbox(SimRuntime& rt, Status st, const Request& r);
  static Status finish_stop_pod_sandbox(SimRuntime& rt, Status st, const Request& r);
  static Status finish_remove_pod_sandbox(SimRuntime& rt, Status st, const Request& r);
  static Result<ContainerId> finish_create_container(SimRuntime& rt, Status st, const Request& r);
  static Status finish_start_container(SimRuntime& rt, Status st, const Request& r);
  static Status finish_stop_container(SimRuntime& rt, Status st, const Request& r);
  static Status finish_remove_container(SimRuntime& rt, Status st, const Request& r);

  // The runtime restarts: the event stream breaks, then the engine drops its calls.
  static void restart_cb(void* ctx, std::uint64_t);
  // An error window on GetContainerEvents opens: the stream breaks.
  static void stream_fault_cb(void* ctx, std::uint64_t);

  core::Kernel& k_;
  Store& store_;
  EventStream stream_;                // GetContainerEvents
  CallObserver* observer_ = nullptr;  // the engine's, for on_call_answered
};

}  // namespace plegsim::cri
