#include "sim/record/hdf5_rows.h"

#include <cstddef>
#include <string>

#include "models/operation.h"
#include "sim/record/detection.h"
#include "sim/record/sink.h"

namespace plegsim::record::h5 {
namespace {

using P = H5::PredType;

template <class Names>
H5::EnumType enum_type(const Names& names) {
  H5::EnumType e(P::NATIVE_UINT8);
  std::uint8_t v = 0;
  for (const auto& n : names) {
    e.insert(std::string(n), &v);
    ++v;
  }
  return e;
}

H5::EnumType op_enum() {
  std::vector<std::string> names;
  for (const auto& n : models::kOpNames) names.emplace_back(n.cri);
  return enum_type(names);
}

// The simulated runtime's status codes (cri::Code), in their numeric order.
H5::EnumType code_enum() {
  return enum_type(std::vector<std::string>{"OK", "DeadlineExceeded", "Unavailable", "NotFound"});
}

H5::EnumType event_type_enum() {
  std::vector<std::string> names;
  for (int t = 0; t <= static_cast<int>(EventType::kConditionMet); ++t) {
    names.emplace_back(to_string(static_cast<EventType>(t)));
  }
  return enum_type(names);
}

H5::EnumType outcome_enum() {
  std::vector<std::string> names;
  for (int o = 0; o <= static_cast<int>(DetectionOutcome::kPending); ++o) {
    names.emplace_back(to_string(static_cast<DetectionOutcome>(o)));
  }
  return enum_type(names);
}

}  // namespace

#define PLEGSIM_MEMBER(T, type, name, h5type) type.insertMember(#name, offsetof(T, name), h5type)

H5::CompType relist_type() {
  H5::CompType t(sizeof(RelistRow));
  PLEGSIM_MEMBER(RelistRow, t, start_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(RelistRow, t, end_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(RelistRow, t, get_pods_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(RelistRow, t, interval_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(RelistRow, t, ok, bool_type());
  PLEGSIM_MEMBER(RelistRow, t, sandboxes, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, containers, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, pods_with_events, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, pods_inspected, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, inspection_errors, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, events_sent, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, events_dropped, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, running_pods, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, containers_created, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, containers_running, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, containers_exited, P::NATIVE_INT32);
  PLEGSIM_MEMBER(RelistRow, t, containers_unknown, P::NATIVE_INT32);
  return t;
}

H5::CompType transition_type(const char* state_name) {
  H5::CompType t(sizeof(TransitionRow));
  PLEGSIM_MEMBER(TransitionRow, t, at_ns, P::NATIVE_INT64);
  t.insertMember(state_name, offsetof(TransitionRow, state), bool_type());
  PLEGSIM_MEMBER(TransitionRow, t, message, string_type());
  PLEGSIM_MEMBER(TransitionRow, t, causes, string_type());
  return t;
}

H5::CompType call_type() {
  H5::CompType t(sizeof(CallRow));
  PLEGSIM_MEMBER(CallRow, t, op, op_enum());
  PLEGSIM_MEMBER(CallRow, t, start_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(CallRow, t, end_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(CallRow, t, code, code_enum());
  return t;
}

H5::CompType event_type() {
  H5::CompType t(sizeof(EventRow));
  PLEGSIM_MEMBER(EventRow, t, at_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(EventRow, t, pod, P::NATIVE_INT32);
  PLEGSIM_MEMBER(EventRow, t, type, event_type_enum());
  PLEGSIM_MEMBER(EventRow, t, container, P::NATIVE_UINT64);
  PLEGSIM_MEMBER(EventRow, t, delivered, bool_type());
  return t;
}

H5::CompType detection_type() {
  H5::CompType t(sizeof(DetectionRow));
  PLEGSIM_MEMBER(DetectionRow, t, change_at_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(DetectionRow, t, pod, P::NATIVE_INT32);
  PLEGSIM_MEMBER(DetectionRow, t, container, P::NATIVE_UINT64);
  PLEGSIM_MEMBER(DetectionRow, t, sandbox, bool_type());
  PLEGSIM_MEMBER(DetectionRow, t, state, P::NATIVE_UINT8);
  PLEGSIM_MEMBER(DetectionRow, t, outcome, outcome_enum());
  PLEGSIM_MEMBER(DetectionRow, t, resolved_at_ns, P::NATIVE_INT64);
  PLEGSIM_MEMBER(DetectionRow, t, latency_ns, P::NATIVE_INT64);
  return t;
}

H5::CompType cri_op_type() {
  H5::CompType t(sizeof(CriOpRow));
  PLEGSIM_MEMBER(CriOpRow, t, operation, string_type());
  PLEGSIM_MEMBER(CriOpRow, t, operation_type, string_type());
  PLEGSIM_MEMBER(CriOpRow, t, calls, P::NATIVE_UINT64);
  PLEGSIM_MEMBER(CriOpRow, t, errors, P::NATIVE_UINT64);
  PLEGSIM_MEMBER(CriOpRow, t, duration_sum_seconds, P::NATIVE_DOUBLE);
  PLEGSIM_MEMBER(CriOpRow, t, duration_mean_seconds, P::NATIVE_DOUBLE);
  PLEGSIM_MEMBER(CriOpRow, t, duration_p50_seconds, P::NATIVE_DOUBLE);
  PLEGSIM_MEMBER(CriOpRow, t, duration_p90_seconds, P::NATIVE_DOUBLE);
  PLEGSIM_MEMBER(CriOpRow, t, duration_p99_seconds, P::NATIVE_DOUBLE);
  PLEGSIM_MEMBER(CriOpRow, t, duration_max_seconds, P::NATIVE_DOUBLE);
  return t;
}

#undef PLEGSIM_MEMBER

}  // namespace plegsim::record::h5
