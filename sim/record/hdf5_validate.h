// Checks a run file before anything trusts it: a file of this format (HDF5 1.8+ with
// metadata checksums, `format = "plegsim run"`, this `format_version`) whose tables
// have the types and shapes plegsim writes, with no more rows than its size can hold.
// A corrupt, foreign, older or newer file is a RunFileError naming the path and what
// is wrong; libhdf5 is never asked to parse metadata that carries no checksum.
#pragma once

#include <H5Cpp.h>

#include <string>

namespace plegsim::record {

// Throws RunFileError unless `path` is a regular HDF5 file whose superblock (version 2
// or later) has metadata checksums and whose global heap collections (variable-length
// strings, not checksummed) are well formed. Reads the bytes itself, before libhdf5.
void check_superblock(const std::string& path);

// Opens `path` read-only after check_superblock and checks its format attributes.
H5::H5File open_checked_run_file(const std::string& path);

// Everything above, then every table's type, rank and row count, and every stored
// variable-length string read once (so a corrupt heap fails here, as an error).
void validate_run_file(const std::string& path);

}  // namespace plegsim::record
