// plegsim's public API: the step API's Evented PLEG. step::EventedHarness runs one
// EventedPleg (1.26+, the EventedPLEG gate on) beside a step::PlegHarness on a manual
// clock: hand it CRI container events, read its cache, channel, health and metrics.
#pragma once

#include "plegsim/step.h"
#include "sim/step/evented_harness.h"
