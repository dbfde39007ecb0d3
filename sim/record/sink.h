// What sinks see: the kubelet's observation vocabulary and the Sink interface. They
// are defined by the layer that emits them (sim/kubelet/observations.h, recorder.h);
// these declarations let the sinks name them as record::RelistFinished and so on.
#pragma once

#include "sim/core/time.h"
#include "sim/kubelet/event_type.h"
#include "sim/kubelet/observations.h"
#include "sim/kubelet/recorder.h"

namespace plegsim::record {

using core::Duration;
using core::Time;
using kubelet::ContainerChanged;
using kubelet::CriCallAnswered;
using kubelet::CriCallFinished;
using kubelet::EventDelivered;
using kubelet::EventDropped;
using kubelet::EventedConnection;
using kubelet::EventedEventReceived;
using kubelet::EventType;
using kubelet::HealthChanged;
using kubelet::NodeReadyChanged;
using kubelet::Recorder;
using kubelet::RelistFinished;
using kubelet::RelistStarted;
using kubelet::RunningPodCountChanged;
using kubelet::Sink;

}  // namespace plegsim::record
