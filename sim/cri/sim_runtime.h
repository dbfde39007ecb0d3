// The simulated container runtime: a FIFO server with `concurrency` slots serving CRI
// calls whose service time comes from the latency models, with faults enacted per
// call, and the kubelet's client deadline (runtimeRequestTimeout) on every call.
#pragma once

#include <array>
#include <coroutine>
#include <deque>
#include <memory>
#include <vector>

#include "models/faults.h"
#include "models/latency.h"
#include "sim/core/kernel.h"
#include "sim/core/rng.h"
#include "sim/core/server.h"
#include "sim/cri/event_stream.h"
#include "sim/cri/fault_plan.h"
#include "sim/cri/runtime.h"
#include "sim/cri/store.h"

namespace plegsim::cri {

struct SimRuntimeConfig {
  int concurrency = 4;
  std::array<models::OpLatency, models::kOpCount> latency{};
  // The kubelet's runtimeRequestTimeout: each call's deadline is its start + this.
  Duration request_timeout = Duration::minutes(2);
  std::vector<models::Fault> faults;  // hang, stall, slowdown and errors are used here
  std::uint64_t seed = 1;
};

class SimRuntime final : public Runtime, private ChangeFeed {
 public:
  SimRuntime(core::Kernel& k, Store& store, SimRuntimeConfig cfg);
  ~SimRuntime() override;

  void set_call_observer(CallObserver* o) { observer_ = o; }
  Store& store() { return store_; }
  const core::Server& server() const { return server_; }
  // Calls the client gave up on that the runtime never finished (hung calls).
  std::size_t hung_calls() const { return hung_; }

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
  // What a call's `items` (for perItem cost) counts, evaluated when service starts.
  enum class Items { kNone, kAllSandboxes, kAllContainers, kPodSandboxes, kPodContainers };
  using Target = CallTarget;
  struct Call;
  struct RpcAwaiter {
    SimRuntime* rt;
    Call* call;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    Status await_resume();
  };
  RpcAwaiter rpc(models::Op op, Items items, Target target = Target{-1, -1});
  // A call from the pool's free list (a new one when it is empty), not initialised.
  Call* take_call();
  // A pooled Call, initialised for a new call.
  Call* new_call(models::Op op, Items items, Target target);
  // Starts a pooled call: on the plain path when it can, else submitted (rpc()).
  void begin(Call& c, std::coroutine_handle<> h);
  // Submits a pooled call to the server FIFO (the general path, start_call).
  void submit_call(Call& c, std::coroutine_handle<> h);
  Status end(Call& c);
  // A frameless call's token: a pooled Call, or (low bit set) a direct call: one that
  // took a free slot for an operation no fault can touch and returns before its
  // deadline. Such a call needs no record of its own: the kernel resumes the caller at
  // its completion, and the caller's resume does the completion's bookkeeping. The
  // direct token carries the submission time (simulated times stay below 2^62 ns).
  using Token = std::uintptr_t;
  static Token direct_token(Time submitted) { return (static_cast<Token>(submitted.ns) << 1) | 1; }
  static bool is_direct(Token t) { return (t & 1) != 0; }
  static Time submitted_of(Token direct) { return Time{static_cast<std::int64_t>(direct >> 1)}; }
  // Starts a frameless call when its caller awaits it: the direct path (true when the
  // kernel could run its return in place), or the drawn service time of a started
  // call; a token of 0 leaves the call to be submitted by suspend_cb.
  static bool start_cb(void* impl, const Request& r, Token* token, std::int64_t* at);
  // The caller suspends until the call started by start_cb returns at `at`.
  static void suspend_cb(void* impl, const Request& r, Token* token, std::int64_t at,
                         std::coroutine_handle<> h);
  // A plain call returns: the slot frees and the kubelet observes the call, as
  // complete_cb and finish_client would have done for a pooled one (direct calls,
  // queued or in place).
  Status plain_return(models::Op op, Time submitted);
  static Items items_of(const Request& r);
  // Builds a call's result from its status at the instant it returns.
  template <class T>
  using Finish = T (*)(SimRuntime& rt, Status st, const Request& r);
  template <class T, Finish<T> F>
  static T resume_cb(void* impl, Token token, const Request& r) {
    auto& rt = *static_cast<SimRuntime*>(impl);
    Status st = is_direct(token) ? rt.plain_return(r.op, submitted_of(token))
                                 : rt.end(*reinterpret_cast<Call*>(token));
    return F(rt, st, r);
  }
  template <class T, Finish<T> F>
  static constexpr typename Reply<T>::Ops kFramelessOps{
      &SimRuntime::start_cb, &SimRuntime::suspend_cb, &SimRuntime::resume_cb<T, F>};
  template <class T, Finish<T> F>
  Reply<T> frameless(const Request& r) {
    return Reply<T>(this, r, &kFramelessOps<T, F>);
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
  static bool start_call(core::Server::Job* job);
  static void complete_cb(void* ctx, std::uint64_t serial);
  static void deadline_cb(void* ctx, std::uint64_t serial);
  std::int64_t count_items(Items items, PodUid pod) const;
  // The client's deadline for a call submitted at `submitted` (never: unbounded).
  Time deadline_of(models::Op op, Time submitted) const;
  // A plain operation's service time (the latency model alone), drawn now.
  Duration plain_latency(models::Op op, Items items, PodUid pod);
  // Starts a call that already holds a slot and completes at `completes_at`.
  void begin_started(Call& c, std::coroutine_handle<> h, Time completes_at);
  void finish_client(Call& c, Status st);
  void maybe_free(Call* c);

  // An error window on GetContainerEvents opens: the stream breaks.
  static void stream_fault_cb(void* ctx, std::uint64_t);
  static void restart_cb(void* ctx, std::uint64_t);

  core::Kernel& k_;
  Store& store_;
  SimRuntimeConfig cfg_;
  core::Server server_;
  core::RngStream latency_rng_;
  FaultPlan faults_;  // which calls hang, slow down or fail, when
  std::vector<std::unique_ptr<Call>> calls_;
  Call* free_calls_ = nullptr;  // intrusive free list of pooled calls
  std::uint64_t serial_ = 0;
  std::size_t hung_ = 0;
  CallObserver* observer_ = nullptr;
  EventStream stream_;  // GetContainerEvents
};

}  // namespace plegsim::cri
