// plegsim's public API: the step API. step::PlegHarness runs one generic PLEG against a
// step::ScriptedRuntime (a second cri::Runtime, whose pods and replies a test or a
// notebook scripts) on a manual clock: relist when told, inspect the events, the cache
// and the calls. docs/python.md shows it from Python.
#pragma once

#include "plegsim/observations.h"
#include "sim/step/pleg_harness.h"
#include "sim/step/scripted_runtime.h"
