// Observations as struct-of-arrays tables: one contiguous vector per column, which the
// bindings hand to numpy without copying. Times are float seconds since the start of
// the simulation (exact to well under a microsecond for runs of weeks); every column
// name carries its unit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plegsim/observations.h"

namespace plegsim::python {

struct Column {
  enum class Kind { kFloat64, kInt32, kUInt64, kBool, kCategory, kString };
  Column(std::string n, Kind k) : name(std::move(n)), kind(k) {}

  std::string name;
  Kind kind = Kind::kFloat64;
  std::vector<double> f64;
  std::vector<std::int32_t> i32;
  std::vector<std::uint64_t> u64;
  std::vector<std::int8_t> i8;  // kBool (0/1) and kCategory (codes into `categories`)
  std::vector<std::string> str;
  std::vector<std::string> categories;

  std::size_t size() const;
};

struct Table {
  std::vector<Column> columns;
};

// The tables a Result offers, by name: "relists", "health", "node_ready", "cri_calls",
// "events", "container_changes". Throws std::out_of_range for another name.
Table build_table(const record::MemorySink& m, const std::string& name);
const std::vector<std::string>& table_names();

// Category names, indexed by the enum's value: models::Op (CRI names), cri::Code,
// kubelet::EventType.
std::vector<std::string> op_names();
std::vector<std::string> code_names();
std::vector<std::string> event_type_names();

}  // namespace plegsim::python
