// plegsim's public API: the version and the git revision a build was made from
// (PLEGSIM_VERSION, PLEGSIM_GIT_REVISION), as outputs record them.
//
// include/plegsim/ is all that the plegsim command (sim/cli) and the Python module
// (python/src) include; everything under sim/ and models/ is implementation, free to
// change shape behind these headers. tools/check_layers.py holds both to it.
#pragma once

#include "sim/core/version.h"
