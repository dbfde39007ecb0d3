"""The step API's Evented PLEG (1.26+, the EventedPLEG gate on): one kubelet EventedPLEG,
never started, beside a GenericPleg sharing its cache and event channel, on a manual clock.

Write ``pkg/kubelet/pleg/evented_test.go``'s tests in a few lines::

    from plegsim.step_evented import EventedHarness

    h = EventedHarness(version="1.28")          # the tests' 100-event channel
    h.process_event("started", pod="p", container="c1",
                    sandbox=("s1", "ready"), containers={"c1": "running"}, created_at="1s")
    assert h.drain_events() == [Event("p", "ContainerStarted", "c1")]
    assert h.metric_family("kubelet_running_pods")

From 1.37 (#139262) the Evented PLEG only asks the generic PLEG to relist a pod whose
container stopped unexpectedly; what reached the generic PLEG is read back::

    h = EventedHarness(version="1.37")
    h.process_event("stopped", pod="p", container="c1", sandbox=("s1", "ready"),
                    containers={"c1": {"state": "exited", "exit_code": 2}})
    assert h.relist_requests == ["p"] and h.drain_events() == []

A pod status (for :meth:`EventedHarness.get_pod_ips`, :meth:`update_running_pod_metric`
and :meth:`cache_set`) is a dict with optional ``"containers"`` (name -> state, or
``{"state": ..., "created": ..., "exit_code": ..., "reason": ...}``),
``"sandboxes"`` (name -> state or ``{"state": ..., "ips": [...], "created": ...}``, newest
first) and ``"ips"``. Sandboxes and containers share one name space, so a sandbox may be
listed among the containers under its own name, as upstream's tests do.
"""

from __future__ import annotations

from typing import Any, Hashable, List, Mapping, Optional, Tuple

from . import _core
from ._durations import DurationLike, to_ns
from ._step_metrics import parse_exposition  # re-exported: it used to live here
from .step import (CONTAINER_STATES, EVENT_TYPES, Event, Health, _Harness,
                   _index, _items)

#: ContainerEventType, by value (CONTAINER_CREATED_EVENT ... CONTAINER_DELETED_EVENT).
CONTAINER_EVENT_TYPES: Tuple[str, ...] = ("created", "started", "stopped", "deleted")


class EventedHarness(_Harness):
    """One EventedPLEG driven step by step (see the module docstring).

    Args:
        version: a kubelet release with the EventedPLEG gate ("1.26" or later).
        channel_capacity: the event channel's capacity (newTestEventedPLEG's is 100).
        seed: orders the pods within the generic PLEG's relists.
    """

    def __init__(self, version: str = "1.28", channel_capacity: int = 100, seed: int = 1) -> None:
        self._h = _core.EventedHarness(str(version), int(channel_capacity), int(seed))
        self._init_names()

    def _containers(self, containers: Any) -> list:
        out = []
        for name, st in _items(containers or {}):
            d = st if isinstance(st, Mapping) else {"state": st}
            unknown = set(d) - {"state", "created", "exit_code", "reason"}
            if unknown:
                raise ValueError(f"container {name!r}: unknown keys {sorted(unknown)}; expected "
                                 "state, created, exit_code, reason")
            exit_code = d.get("exit_code", 0)
            if not isinstance(exit_code, int) or isinstance(exit_code, bool):
                raise ValueError(f"container {name!r}: exit_code must be an int, not "
                                 f"{exit_code!r}")
            reason = d.get("reason", "")
            if not isinstance(reason, str):
                raise ValueError(f"container {name!r}: reason must be a string, not {reason!r}")
            out.append((self._id(name), _index(CONTAINER_STATES, d["state"], "container state"),
                        to_ns(d.get("created", 0)), exit_code, reason == "OOMKilled"))
        return out

    def _status(self, pod: Hashable, status: Optional[Mapping[str, Any]]) -> tuple:
        status = status or {}
        unknown = set(status) - {"containers", "sandboxes", "ips"}
        if unknown:
            raise ValueError(f"unknown pod status keys {sorted(unknown)}; expected containers, "
                             "sandboxes, ips")
        ips = status.get("ips", [])
        if isinstance(ips, str) or not all(isinstance(ip, str) for ip in ips):
            raise ValueError(f"pod {pod!r}: ips must be a list of strings, not {ips!r}")
        return (self._pod(pod), self._containers(status.get("containers")),
                [self._sandbox(n, s) for n, s in _items(status.get("sandboxes", {}))], list(ips))

    # --- events in, events out --------------------------------------------------------
    def process_event(self, type: str, pod: Hashable, container: Hashable,
                      sandbox: Optional[Tuple[Hashable, Any]] = None,
                      containers: Any = None, created_at: DurationLike = 0) -> None:
        """processCRIEvents for one ContainerEventResponse: ``type`` ("created", "started",
        "stopped", "deleted") for ``container`` of ``pod``, with the pod's sandbox status
        ``(name, state)`` (None: the event is skipped, as upstream skips a nil
        PodSandboxStatus) and its containers' statuses, created ``created_at`` after t = 0."""
        sb = None if sandbox is None else self._sandbox(sandbox[0], sandbox[1])
        self._h.process_event(self._id(container),
                              _index(CONTAINER_EVENT_TYPES, type, "container event type"),
                              to_ns(created_at), self._pod(pod), sb, self._containers(containers))

    # --- what the Evented PLEG hands to the generic one (1.37: all it does) ----------
    def relist(self) -> bool:
        """Relist() through the Evented PLEG, which hands it to the generic PLEG; True when
        it returned."""
        completed, _ = self._h.relist()
        return bool(completed)

    def request_relist(self, pod: Hashable) -> None:
        """RequestRelist(pod) through the Evented PLEG (1.36+)."""
        self._h.request_relist(self._pod(pod))

    def request_reinspect(self, pod: Hashable) -> None:
        """RequestReinspect(pod) through the Evented PLEG (1.36+)."""
        self._h.request_reinspect(self._pod(pod))

    @property
    def relist_requests(self) -> List[Hashable]:
        """The pods whose relist the generic PLEG has queued, oldest first (the fake
        generic PLEG's relistRequests in upstream's 1.37 tests)."""
        return [self._pod_name(u) for u in self._h.queued_relist_requests]

    def reinspect_requested(self, pod: Hashable) -> bool:
        """Whether the pod is in the generic PLEG's podsToReinspect."""
        return bool(self._h.is_pod_to_reinspect(self._pod(pod)))

    @property
    def relists(self) -> int:
        """Relists the generic PLEG finished (the fake's relistCount)."""
        return int(self._h.relists)

    @property
    def watch_is_generic_channel(self) -> bool:
        """Watch() returns the generic PLEG's event channel itself."""
        return bool(self._h.watch_is_generic_channel)

    def push_event(self, event: Event) -> bool:
        """``pleg.eventChannel <- event`` without blocking: False when the channel is full."""
        t = _index(EVENT_TYPES, event.type, "event type")
        cid = 0 if event.container is None else self._id(event.container)
        return self._h.push_event(self._pod(event.pod), t, cid)

    # --- health ---------------------------------------------------------------------
    def healthy(self) -> Health:
        """The EventedPLEG's Healthy(): up to 1.36 false, with an error, while the channel is
        full; from 1.37 always true."""
        return Health(*self._h.healthy())

    @property
    def channel_size(self) -> int:
        """Events waiting in the channel."""
        return self._h.channel_size

    # --- the PLEG's helpers and cache ---------------------------------------------------
    def get_pod_ips(self, pod: Hashable, status: Optional[Mapping[str, Any]]) -> List[str]:
        """getPodIPs(pod, status) against the cache."""
        return list(self._h.get_pod_ips(self._status(pod, status)))

    def update_running_pod_metric(self, pod: Hashable,
                                  status: Optional[Mapping[str, Any]]) -> None:
        """updateRunningPodMetric(status) against the cache."""
        self._h.update_running_pod_metric(self._status(pod, status))

    def cache_set(self, pod: Hashable, status: Optional[Mapping[str, Any]],
                  at: Optional[DurationLike] = None) -> bool:
        """cache.Set(pod, status, nil, at) (``at`` defaults to now) under the gate's rule:
        False, and the entry kept, when it was modified after ``at``."""
        ts = self._h.now_ns if at is None else to_ns(at)
        return self._h.cache_set(self._status(pod, status), ts)

    def update_time(self, at: Optional[DurationLike] = None) -> None:
        """cache.UpdateTime(at) (``at`` defaults to now)."""
        self._h.update_time(self._h.now_ns if at is None else to_ns(at))


__all__ = ["EventedHarness", "CONTAINER_EVENT_TYPES", "parse_exposition"]
