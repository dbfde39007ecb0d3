// plegsim's public API: what a run observes. The typed observations the kubelet emits
// (kubelet::RelistFinished, HealthChanged, ..., also named record::RelistFinished and so
// on), the Sink interface a custom sink implements, record::MemorySink which keeps them
// all, and the enums their fields hold: models::Op (CRI operations, by CRI name),
// cri::Code, cri::ContainerState / SandboxState, kubelet::EventType.
#pragma once

#include "models/operation.h"
#include "sim/cri/types.h"
#include "sim/kubelet/event_type.h"
#include "sim/record/memory_sink.h"
#include "sim/record/sink.h"
