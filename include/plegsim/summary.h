// plegsim's public API: a run's end-of-run scalars. record::Summary, its JSON (to_json,
// what `plegsim run --json` prints) and text forms, the table of its fields
// (summary_fields(): name, type, unit, window, doc) and the numeric fields by name
// (summary_field, known_summary_field, summary_field_names) that `expect:` entries and
// sweeps use.
#pragma once

#include "sim/record/summary.h"
#include "sim/record/summary_schema.h"
