// The journal of a sweep written to a file (`plegsim sweep -o FILE`, not --raw CSV):
// FILE.journal holds one line per finished run, appended and flushed as runs finish
// (cli's DurableCsv keeps them in (point, replication) order), so a killed sweep loses
// no finished run; `--resume` reads it back and runs only the rest. Its header carries
// a fingerprint of the sweep, so a journal of another sweep is refused. Values are
// printed with %.17g and read back exactly: a resumed sweep's table equals an
// uninterrupted one's. docs/output.md, "Sweeps".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/run/sweep.h"
#include "sim/run/sweep_table.h"

namespace plegsim::run {

// FILE.journal.
std::string journal_path(const std::string& output_path);

// 16 hex digits (FNV-1a, 64 bits) over what decides the sweep's runs and table: every
// point's resolved scenario (scenario::to_yaml, seed included) and overrides, the axes,
// the replications and the fields.
std::string sweep_fingerprint(const std::vector<SweepAxis>& axes,
                              const std::vector<SweepPoint>& points, std::uint64_t replications,
                              const std::vector<std::string>& fields);

// The journal's header lines (with their newlines): the format, the fingerprint and
// the columns of a row.
std::string journal_header(const std::string& fingerprint, const std::vector<std::string>& fields);

// A row up to its values: "POINT REPLICATION SEED " (what identifies the run).
std::string journal_prefix(std::size_t point, std::uint64_t replication, std::uint64_t seed);
// A row (with its newline): the prefix, then 0/1 per trip field, then each field's value
// with %.17g ("-" for none).
std::string journal_row(const RunValues& r);

// The first `rows` rows after `header` in the journal at `path`, each of `fields`
// values. std::invalid_argument naming path:line for a row that does not parse.
std::vector<RunValues> read_journal(const std::string& path, const std::string& header,
                                    std::size_t rows, std::size_t fields);

}  // namespace plegsim::run
