// CallEngine's fast call paths (docs/architecture.md, "Calls, deadlines, faults"): the
// direct path, where a call with a free slot for an operation no fault can touch, that
// returns before its deadline, needs no pooled record; and the started path, where the
// drawn service time outlives the deadline. Anything else is submitted (begin()).
#include "sim/cri/call_engine_call.h"

namespace plegsim::cri {

using models::Op;

Time CallEngine::deadline_of(Op op, Time submitted) const {
  // Streaming calls are not bounded by the request timeout.
  if (request_timeout_.ns > 0 && op != Op::kGetContainerEvents) {
    return submitted + request_timeout_;
  }
  return Time::never();
}

Duration CallEngine::plain_latency(Op op, Items items, PodUid pod) {
  const models::OpLatency& model = latency_[static_cast<int>(op)];
  // An operation with a per-scanned cost leaves in a tail call; the rest is the hot path
  // it always was (with the scanned term in line, the saved registers alone cost ~5
  // instructions per call, 1.3 M per node-day).
  if (model.per_scanned.ns != 0) [[unlikely]]
    return scanning_latency(model, items, pod);
  Duration med = model.base;
  if (model.per_item.ns != 0) med = med + model.per_item * returned_of(items, pod);
  return models::sample_around(med, model.noise, latency_rng_);
}

// The caller waits on a call that holds a slot and completes at `completes_at` (never:
// only its deadline ends it).
inline void CallEngine::mark_started(Call& c, std::coroutine_handle<> h, Time completes_at) {
  c.waiter = h;
  c.f.client_waiting = true;
  c.submitted = k_.now();
  c.deadline = deadline_of(c.op, c.submitted);
  c.f.started = true;
  c.f.holds_slot = true;
  c.completes_at = completes_at;
}

void CallEngine::begin_started(Call& c, std::coroutine_handle<> h, Time completes_at) {
  mark_started(c, h, completes_at);
  k_.schedule(c.completes_at, &CallEngine::complete_cb, &c, c.serial);
  if (c.completes_at > c.deadline) [[unlikely]] {
    k_.schedule(c.deadline, &CallEngine::deadline_cb, &c, c.serial);
  }
}

CallEngine::Items CallEngine::items_of(const Request& r) {
  switch (r.op) {
    case Op::kListPodSandbox:
      return r.filtered ? Items::kPodSandboxes : Items::kAllSandboxes;
    case Op::kListContainers:
      return r.filtered ? Items::kPodContainers : Items::kAllContainers;
    case Op::kListContainerStats:
      return Items::kAllContainers;
    default:
      return Items::kNone;
  }
}

Time CallEngine::clear_completion(Op op, Time now, Duration work, Time clear_until) {
  Time at = now + work;
  // Past the next stall's start (or the drawn windows' end): the plan's walk, exactly.
  if (at > clear_until) [[unlikely]]
    at = faults_.completion(op, now, work);
  return at;
}

bool CallEngine::begin_clear(Call& c, std::coroutine_handle<> h) {
  Time now = k_.now();
  Time until;
  if (!faults_.clear(c.op, now, &until) || !server_.try_acquire()) return false;
  Duration work = plain_latency(c.op, c.items, c.target.pod);
  begin_started_any(c, h, clear_completion(c.op, now, work, until));
  return true;
}

void CallEngine::begin_started_any(Call& c, std::coroutine_handle<> h, Time completes_at) {
  if (completes_at != Time::never()) [[likely]] {
    begin_started(c, h, completes_at);
    return;
  }
  mark_started(c, h, completes_at);
  if (c.deadline != Time::never()) k_.schedule(c.deadline, &CallEngine::deadline_cb, &c, c.serial);
}

bool CallEngine::start_clear(const Request& r, Token* token, std::int64_t* at) {
  Time now = k_.now();
  Time until;
  if (!faults_.clear(r.op, now, &until) || !server_.try_acquire()) return false;
  Time completes_at = clear_completion(r.op, now, plain_latency(r.op, items_of(r), r.pod), until);
  *at = completes_at.ns;
  if (completes_at <= deadline_of(r.op, now) && completes_at != Time::never()) {
    *token = direct_token(now);
    return k_.advance_if_next(completes_at);
  }
  *token = reinterpret_cast<Token>(new_call(r.op, items_of(r), Target{r.pod, r.slot}));
  return false;
}

bool CallEngine::start_cb(void* engine, const Request& r, Token* token, std::int64_t* at) {
  auto& e = *static_cast<CallEngine*>(engine);
  const int i = static_cast<int>(r.op);
  if (!e.plain_[i]) return e.clearable_[i] && e.start_clear(r, token, at);
  if (!e.server_.try_acquire()) return false;
  // begin()'s plain path; and when the call returns before its deadline, no pooled
  // call at all: the same draw, the same single event (resuming the caller), or none
  // when that event would be the next to run anyway.
  Time now = e.k_.now();
  Time completes_at = now + e.plain_latency(r.op, items_of(r), r.pod);
  *at = completes_at.ns;
  if (completes_at <= e.deadline_of(r.op, now)) {
    *token = direct_token(now);
    return e.k_.advance_if_next(completes_at);
  }
  *token = reinterpret_cast<Token>(e.new_call(r.op, items_of(r), Target{r.pod, r.slot}));
  return false;
}

void CallEngine::suspend_cb(void* engine, const Request& r, Token* token, std::int64_t at,
                            std::coroutine_handle<> h) {
  auto& e = *static_cast<CallEngine*>(engine);
  if (*token == 0) {
    Call* c = e.new_call(r.op, items_of(r), Target{r.pod, r.slot});
    *token = reinterpret_cast<Token>(c);
    e.submit_call(*c, h);
  } else if (is_direct(*token)) {
    e.k_.schedule(Time{at}, h);
  } else {
    e.begin_started_any(*reinterpret_cast<Call*>(*token), h, Time{at});
  }
}

Status CallEngine::plain_return(Op op, Time submitted) {
  server_.release();
  Status st{};
  if (observer_ != nullptr) observer_->on_call_finished(op, submitted, k_.now(), st);
  return st;
}

// Status calls (PodSandboxStatus, ContainerStatus) and the other single-object
// operations count nothing: their cost is `base` (a status is a keyed lookup, not a
// walk of the store). Lists filtered by pod return the pod's objects but scan the whole
// store (R1, R10, R12); full lists return what they scan.
std::int64_t CallEngine::returned_of(Items items, PodUid pod) const {
  switch (items) {
    case Items::kNone:
      return 0;
    case Items::kAllSandboxes:
      return static_cast<std::int64_t>(store_.sandbox_count());
    case Items::kAllContainers:
      return static_cast<std::int64_t>(store_.container_count());
    case Items::kPodSandboxes:
      return pod >= 0 && pod < store_.pod_uid_count()
                 ? static_cast<std::int64_t>(store_.sandboxes_of(pod).size())
                 : 0;
    case Items::kPodContainers:
      return pod >= 0 && pod < store_.pod_uid_count()
                 ? static_cast<std::int64_t>(store_.containers_of(pod).size())
                 : 0;
  }
  return 0;
}

std::int64_t CallEngine::scanned_of(Items items) const {
  switch (items) {
    case Items::kNone:
      return 0;
    case Items::kAllSandboxes:
    case Items::kPodSandboxes:
      return static_cast<std::int64_t>(store_.sandbox_count());
    case Items::kAllContainers:
    case Items::kPodContainers:
      return static_cast<std::int64_t>(store_.container_count());
  }
  return 0;
}

// OpLatency::median, counting only what has a cost: the same sums, so the same draws.
Duration CallEngine::median_of(const models::OpLatency& m, Items items, PodUid pod) const {
  Duration med = m.base;
  if (m.per_item.ns != 0) med = med + m.per_item * returned_of(items, pod);
  if (m.per_scanned.ns != 0) med = med + m.per_scanned * scanned_of(items);
  return med;
}

Duration CallEngine::scanning_latency(const models::OpLatency& m, Items items, PodUid pod) {
  return models::sample_around(median_of(m, items, pod), m.noise, latency_rng_);
}

}  // namespace plegsim::cri
