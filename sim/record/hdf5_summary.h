// The `summary` group of a run file: the fields of `plegsim run --json` (the field table,
// summary_schema.h), by the same names. Scalars are attributes of the group (a JSON null is NaN);
// objects are subgroups whose attributes are the object's members (docs/output.md).
#pragma once

#include "sim/record/hdf5_util.h"
#include "sim/record/summary.h"

namespace plegsim::record {

void write_summary(H5::Group& g, const Summary& s);
// Reads what write_summary wrote; Hdf5Error when a field is missing.
Summary read_summary(const H5::Group& g);

}  // namespace plegsim::record
