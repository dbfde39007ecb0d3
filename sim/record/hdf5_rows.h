// Row layouts of the run file's tables and their HDF5 compound types. Times are int64
// nanoseconds of simulated time since the run started (t = 0); column names carry the
// unit. Layout documented in docs/output.md.
#pragma once

#include <cstdint>

#include "sim/record/hdf5_util.h"

namespace plegsim::record::h5 {

struct RelistRow {
  std::int64_t start_ns;
  std::int64_t end_ns;
  std::int64_t get_pods_ns;
  std::int64_t interval_ns;  // -1 when the kubelet observed no interval
  std::int8_t ok;
  std::int32_t sandboxes;
  std::int32_t containers;
  std::int32_t pods_with_events;
  std::int32_t pods_inspected;
  std::int32_t inspection_errors;
  std::int32_t events_sent;
  std::int32_t events_dropped;
  std::int32_t running_pods;
  std::int32_t containers_created;
  std::int32_t containers_running;
  std::int32_t containers_exited;
  std::int32_t containers_unknown;
};

// health and node_ready: one row per transition.
struct TransitionRow {
  std::int64_t at_ns;
  std::int8_t state;  // healthy / ready
  const char* message;
  const char* causes;  // causes.h, joined by " | "
};

struct CallRow {
  std::uint8_t op;  // enum: CRI operation name
  std::int64_t start_ns;
  std::int64_t end_ns;
  std::uint8_t code;  // enum: OK, DeadlineExceeded, ...
};

struct EventRow {
  std::int64_t at_ns;
  std::int32_t pod;
  std::uint8_t type;  // enum: ContainerStarted, ...
  std::uint64_t container;
  std::int8_t delivered;  // false: dropped (channel full)
};

struct DetectionRow {
  std::int64_t change_at_ns;
  std::int32_t pod;
  std::uint64_t container;
  std::int8_t sandbox;
  std::uint8_t state;    // cri state code; 255 = removed
  std::uint8_t outcome;  // enum: detected, superseded, dropped, pending
  std::int64_t resolved_at_ns;
  std::int64_t latency_ns;  // resolved_at_ns - change_at_ns when detected, else -1
};

struct CriOpRow {
  const char* operation;       // CRI name, "ListPodSandbox"
  const char* operation_type;  // the kubelet's metric label, "list_podsandbox"
  std::uint64_t calls;
  std::uint64_t errors;
  double duration_sum_seconds;
  double duration_mean_seconds;
  double duration_p50_seconds;
  double duration_p90_seconds;
  double duration_p99_seconds;
  double duration_max_seconds;
};

H5::CompType relist_type();
// `state_name` is "healthy" or "ready".
H5::CompType transition_type(const char* state_name);
H5::CompType call_type();
H5::CompType event_type();
H5::CompType detection_type();
H5::CompType cri_op_type();

}  // namespace plegsim::record::h5
