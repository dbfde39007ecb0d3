// The pieces of the plegsim._core extension module, one per area. Each adds its classes
// and functions to the module; docs/python.md describes the Python API built on them.
#pragma once

#include <pybind11/pybind11.h>

#include "plegsim/step.h"

namespace plegsim::python {

struct Table;

// [(name, kind, data, categories)] for `t`: numeric data are read-only numpy arrays over
// t's vectors with `base` keeping them alive; str columns are lists; categories is a list
// for "category" columns (data holds int8 codes), else None.
pybind11::list table_columns(const Table& t, pybind11::handle base);
// A Python object owning `t`, to serve as the base of its arrays.
pybind11::object own_table(Table t);

// Scenario loading, YAML, and the ScenarioError / BuildError translation.
void bind_scenario(pybind11::module_& m);
// Durations: parse_duration_ns / format_duration_ns (sim/core/time.h's).
void bind_durations(pybind11::module_& m);
// run() and RunResult with its zero-copy column tables.
void bind_run(pybind11::module_& m);
// The step API: PlegHarness over a scripted runtime.
void bind_step(pybind11::module_& m);
// The step API's watch conditions (1.32 - 1.35), added to bind_step's PlegHarness.
void bind_step_watch(pybind11::module_& m);
// The step API's UpdateCache, status timestamp, cache and record seeding (bind_step's
// PlegHarness).
void bind_step_cache(pybind11::module_& m);
// The step API's metrics registry (bind_step's PlegHarness).
void bind_step_metrics(pybind11::module_& m);
// The step API's on-demand relist (1.36+): requests, the worker loop, GetNewerThan.
void bind_step_on_demand(pybind11::module_& m);
// A cache entry as the step API's dict (error, modified_ns, observed_ns, containers,
// sandboxes, has_ip, ips); plegsim.step makes a CacheEntry of it.
pybind11::dict cache_entry_dict(const kubelet::PodCache::Entry* e);
// The step API's Evented PLEG: EventedHarness.
void bind_step_evented(pybind11::module_& m);
// Scrape reading and node fitting (plegsim.fit), with plegsim.ScrapeError.
void bind_fit(pybind11::module_& m);
// limit(): the limit search (docs/limit.md).
void bind_limit(pybind11::module_& m);
// SweepPlan and SweepTable: the C++ sweep, whole or in batches (plegsim.sweep).
void bind_sweep(pybind11::module_& m);

}  // namespace plegsim::python
