// Comparing two runs that must be the same: the summary as JSON (less what differs by
// construction) and the observation streams a MemorySink keeps, relist by relist, event
// by event, call by call. Shared by the determinism and runtime-equivalence tests.
#pragma once

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "plegsim/observations.h"
#include "plegsim/summary.h"

namespace plegsim::testing {

inline std::string json_without_wall(const record::Summary& s) {
  return std::regex_replace(record::to_json(s), std::regex("\"wall_seconds\": [^,}]*"), "");
}

// Also without the kernel's event count, for runs that differ only in idle wake-ups.
inline std::string json_without_wall_and_events(const record::Summary& s) {
  return std::regex_replace(json_without_wall(s), std::regex("\"kernel_events\": [^,}]*"), "");
}

inline void expect_same_observations(const record::MemorySink& x, const record::MemorySink& y) {
  ASSERT_EQ(x.relists.size(), y.relists.size());
  for (std::size_t i = 0; i < x.relists.size(); ++i) {
    const auto &a = x.relists[i], &b = y.relists[i];
    ASSERT_EQ(a.start, b.start) << i;
    ASSERT_EQ(a.end, b.end) << i;
    ASSERT_EQ(a.ok, b.ok) << i;
    ASSERT_EQ(a.sandboxes, b.sandboxes) << i;
    ASSERT_EQ(a.containers, b.containers) << i;
    ASSERT_EQ(a.pods_with_events, b.pods_with_events) << i;
    ASSERT_EQ(a.pods_inspected, b.pods_inspected) << i;
    ASSERT_EQ(a.events_sent, b.events_sent) << i;
    ASSERT_EQ(a.running_pods, b.running_pods) << i;
    ASSERT_EQ(a.containers_by_state, b.containers_by_state) << i;
  }
  ASSERT_EQ(x.delivered.size(), y.delivered.size());
  for (std::size_t i = 0; i < x.delivered.size(); ++i) {
    ASSERT_EQ(x.delivered[i].at, y.delivered[i].at) << i;
    ASSERT_EQ(x.delivered[i].pod, y.delivered[i].pod) << i;
    ASSERT_EQ(x.delivered[i].type, y.delivered[i].type) << i;
    ASSERT_EQ(x.delivered[i].container, y.delivered[i].container) << i;
  }
  ASSERT_EQ(x.cri_calls.size(), y.cri_calls.size());
  for (std::size_t i = 0; i < x.cri_calls.size(); ++i) {
    ASSERT_EQ(x.cri_calls[i].op, y.cri_calls[i].op) << i;
    ASSERT_EQ(x.cri_calls[i].start, y.cri_calls[i].start) << i;
    ASSERT_EQ(x.cri_calls[i].end, y.cri_calls[i].end) << i;
    ASSERT_EQ(x.cri_calls[i].code, y.cri_calls[i].code) << i;
  }
}

}  // namespace plegsim::testing
