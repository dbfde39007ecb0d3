// plegsim's public API: output files (docs/output.md). Sinks that write a run as it
// happens: record::Hdf5Sink (an HDF5 run file; commit() with the summary at the end)
// and record::PrometheusSink (the kubelet's metrics as a text scrape); replay() and
// write_hdf5() / metrics_text() do the same after the fact from a MemorySink;
// read_run_file() reads a run file back. Files appear at their final names only when
// complete (record::AtomicFile); failures are record::OutputError, or
// record::h5::Hdf5Error from the HDF5 library, and record::RunFileError when reading.
// Output paths are checked first (record::check_output_target, check_distinct_outputs);
// run files are validated before they are trusted (record::validate_run_file).
#pragma once

#include "plegsim/observations.h"
#include "plegsim/summary.h"
#include "sim/record/atomic_file.h"
#include "sim/record/hdf5_reader.h"
#include "sim/record/hdf5_sink.h"
#include "sim/record/hdf5_util.h"
#include "sim/record/hdf5_validate.h"
#include "sim/record/output_path.h"
#include "sim/record/prometheus_sink.h"
#include "sim/record/replay.h"
