// Sinks after the fact: feed what a MemorySink kept to any other sink, in time order,
// so a run recorded in memory (Python's step API) can still be written as an HDF5 file
// or a metrics scrape. Streams the MemorySink did not keep (Options) stay empty.
#pragma once

#include <string>

#include "sim/record/hdf5_sink.h"
#include "sim/record/memory_sink.h"
#include "sim/record/summary.h"

namespace plegsim::record {

// Feeds every observation of `m` to `s` ordered by time (ties: CRI calls, health, PLEG
// events, relist ends, relist starts, node readiness, runtime changes; each stream
// keeps its own order), then calls s.finish(end).
void replay(const MemorySink& m, Sink& s, Time end);

// Writes a run file at `path` from `m` (run until `end`) and its summary `s`.
void write_hdf5(const std::string& path, const MemorySink& m, Time end, const RunMetadata& meta,
                const Summary& s, Hdf5Options opts = {true, true});

// The Prometheus scrape of `m` at `end`, as PrometheusSink::text() gives it live.
std::string metrics_text(const MemorySink& m, Time end, int kubelet_minor);

}  // namespace plegsim::record
