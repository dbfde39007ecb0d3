// runtime.regime: the runtime's slowness episodes as a semi-Markov process over named
// states, and the dwell (episode length) syntax that random faults share.
#include <string>

#include "sim/scenario/parse.h"

namespace plegsim::scenario::detail {
namespace {

// The states' names, for messages: "normal, degraded, stalled".
std::string state_list(const models::Regime& r) {
  std::string list;
  for (const auto& s : r.states) list += (list.empty() ? "" : ", ") + s.name;
  return list;
}

int state_index(const models::Regime& r, const Field& f) {
  std::string name = as_string(f);
  for (std::size_t i = 0; i < r.states.size(); ++i) {
    if (r.states[i].name == name) return static_cast<int>(i);
  }
  fail_expected(f, "a state of runtime.regime.states (" + state_list(r) + ")");
}

// Everything of a state but `next`, which needs every state's name first.
models::RegimeState parse_state(const std::string& name, const MapReader& m) {
  models::RegimeState s;
  s.name = name;
  s.dwell = parse_dwell(required(m, "dwell", "dwell: {mean: 2m}"));
  if (auto v = m.find("factor")) s.factor = as_number(*v, kFactor);
  if (auto v = m.find("ops")) {
    for (const auto& [key, value] : map_entries(*v)) {
      s.ops.emplace_back(as_op(key), as_number(value, kFactor));
    }
  }
  if (auto v = m.find("stall")) s.stall = as_bool(*v);
  return s;
}

void parse_next(const models::Regime& r, int self, const MapReader& m, std::size_t states,
                models::RegimeState& out) {
  auto v = m.find("next");
  if (!v) {
    if (states > 1) {
      fail(m.key_field("next"), "required when the regime has more than one state (e.g. next: {" +
                                    r.states[self == 0 ? 1 : 0].name + ": 1})");
    }
    return;
  }
  auto entries = map_entries(*v);
  if (entries.empty()) fail(*v, "must list at least one state to go to");
  for (const auto& [key, value] : entries) {
    int to = state_index(r, key);
    if (to == self) fail(key, "a state cannot list itself in next (its dwell is one stay)");
    out.next.emplace_back(to, as_number(value, kPositive));
  }
}

}  // namespace

models::Dwell parse_dwell(const Field& f) {
  models::Dwell d;
  if (f.node.IsScalar()) {  // a bare duration: every episode that long
    d.kind = models::Dwell::Kind::kNoise;
    d.scale = positive_duration(f);
    return d;
  }
  MapReader m(f, {"mean", "median", "noise"});
  if (m.has("mean") == m.has("median")) {
    fail(f, "give mean (exponential) or median (with an optional noise), not " +
                std::string(m.has("mean") ? "both" : "neither") +
                " (e.g. {mean: 10m} or {median: 30s, noise: {lognormal: {sigma: 1}}})");
  }
  if (auto v = m.find("mean")) {
    if (m.has("noise")) fail(m.key_field("noise"), "applies to median only (mean is exponential)");
    d.kind = models::Dwell::Kind::kExponential;
    d.scale = positive_duration(*v);
  } else {
    d.kind = models::Dwell::Kind::kNoise;
    d.scale = positive_duration(*m.find("median"));
    if (auto v = m.find("noise")) d.noise = parse_noise(*v);
  }
  return d;
}

void parse_regime(const Field& f, models::Regime& out) {
  MapReader m(f, {"initial", "states"});
  Field states = required(m, "states", "states: {normal: {dwell: {mean: 8h}}}");
  auto entries = map_entries(states);
  if (entries.empty()) fail(states, "must list at least one state");
  models::Regime r;
  std::vector<MapReader> readers;
  for (const auto& [key, value] : entries) {
    std::string name = as_string(key);
    if (name.empty()) fail_expected(key, "a non-empty state name");
    readers.emplace_back(
        value, std::initializer_list<std::string_view>{"dwell", "factor", "ops", "stall", "next"});
    r.states.push_back(parse_state(name, readers.back()));
  }
  for (std::size_t i = 0; i < r.states.size(); ++i) {
    parse_next(r, static_cast<int>(i), readers[i], r.states.size(), r.states[i]);
  }
  if (auto v = m.find("initial")) r.initial = state_index(r, *v);
  out = std::move(r);
}

}  // namespace plegsim::scenario::detail
