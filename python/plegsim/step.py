"""The step API: one kubelet GenericPleg against a scripted runtime, with a manual clock.

Write the kubelet's own ``pkg/kubelet/pleg`` unit tests in a few lines::

    from plegsim.step import PlegHarness, Event

    h = PlegHarness(version="1.14", channel_capacity=4)
    h.set_pods({"1234": {"c1": "exited", "c2": "running", "c3": "unknown"},
                "4567": {"c1": "exited"}})
    h.relist()
    assert sorted(h.drain_events()) == sorted([
        Event("1234", "ContainerStarted", "c2"), Event("1234", "ContainerDied", "c1"),
        Event("4567", "ContainerDied", "c1")])
    h.advance("4m")
    assert not h.healthy()

Pods and containers are named by any hashable keys (strings or ints); names may repeat
across pods, as in the kubelet's tests. A pod spec is a dict of container name -> state
("created", "running", "exited", "unknown"), or ``{"containers": {...}, "sandboxes":
{...}}`` with sandbox states "ready" / "notready" ("running" / "exited" are accepted as
aliases) or "unknown" (a value the CRI does not define, which the kubelet maps to the
unknown state, as upstream's tests list). A state may also be a dict such as
``{"state": "exited", "created": "5s", "exit_code": 1}``; a sandbox's dict may carry its
``"ips"`` (PodSandboxStatus's addresses, read from the newest sandbox when READY).

Durations are strings ("1m30s"), seconds, or timedeltas. The clock starts at 0 and moves
only through :meth:`PlegHarness.advance` and scripted call latencies.
"""

from __future__ import annotations

from typing import Any, Dict, Hashable, Iterable, List, Mapping, Optional, Tuple

import pandas as pd

from . import _core
from ._durations import DurationLike, to_ns
from ._step_metrics import _Metrics, gathered, parse_exposition
from ._step_on_demand import NewerThan, _OnDemand
from ._step_seeding import UpdateCacheResult, _Seeding
from ._step_types import (_NO_DATA_EVENTS, _SANDBOX_ALIASES, CODES, CONTAINER_STATES,
                          EVENT_TYPES, NO_POD, OPS, SANDBOX_STATES, CacheEntry, Call, Event,
                          Health, RelistOutcome, _index)
from ._step_watch import (ContainerStatus, PodStatus, _WatchConditions,
                          running_container_watch_condition)
from .result import frame_from_columns


class _Harness(_Metrics):
    """What PlegHarness and step_evented.EventedHarness share over their C++ harness
    ``self._h``: the names of pods and containers (any hashable key, as the kubelet's
    tests use, to the integer ids C++ takes), draining the event channel and the clock."""

    _h: Any

    def _init_names(self) -> None:
        self._pods: Dict[Hashable, int] = {}
        self._pod_names: List[Hashable] = []
        self._ids: Dict[Hashable, int] = {}
        self._id_names: Dict[int, Hashable] = {}

    def _pod(self, key: Hashable) -> int:
        if key is NO_POD:
            return _core.NO_POD
        if key not in self._pods:
            self._pods[key] = len(self._pod_names)
            self._pod_names.append(key)
        return self._pods[key]

    def _pod_name(self, uid: int) -> Hashable:
        if uid == _core.NO_POD:
            return NO_POD
        return self._pod_names[uid] if 0 <= uid < len(self._pod_names) else uid

    def _id(self, key: Hashable) -> int:
        if key not in self._ids:
            self._ids[key] = len(self._ids) + 1
            self._id_names[self._ids[key]] = key
        return self._ids[key]

    def _id_name(self, cid: int) -> Hashable:
        return self._id_names.get(cid, cid)

    def drain_events(self) -> List[Event]:
        """Every event buffered in the channel, oldest first (getEventsFromChannel)."""
        return [Event(self._pod_name(pod), EVENT_TYPES[t],
                      None if EVENT_TYPES[t] in _NO_DATA_EVENTS else self._id_name(cid))
                for pod, t, cid in self._h.drain_events()]

    def advance(self, d: DurationLike) -> None:
        """Moves the clock forward, running what falls due (``clock.Step``)."""
        self._h.advance(to_ns(d))

    @property
    def now(self) -> float:
        """Simulated seconds since the harness was made."""
        return self._h.now_ns / 1e9

    def _sandbox(self, name: Hashable, st: Any) -> tuple:
        """A sandbox spec (a state, or {"state", "ips", "created"}) as the C++ harnesses
        take it: (id, state, created_ns, ips)."""
        d = st if isinstance(st, Mapping) else {"state": st}
        if d["state"] not in _SANDBOX_ALIASES:
            raise ValueError(f"unknown sandbox state {d['state']!r}; expected ready, notready "
                             "or unknown")
        ips = d.get("ips", [])
        if isinstance(ips, str) or not all(isinstance(ip, str) for ip in ips):
            raise ValueError(f"sandbox {name!r}: ips must be a list of strings, not {ips!r}")
        return (self._id(name), _SANDBOX_ALIASES[d["state"]], to_ns(d.get("created", 0)),
                list(ips))

    def cache(self, pod: Hashable) -> Optional[CacheEntry]:
        """The pod's cache entry; None when absent (the kubelet returns an empty status)."""
        e = self._h.cache_entry(self._pod(pod))
        return None if e is None else self._cache_entry(e)

    def _cache_entry(self, e: dict) -> CacheEntry:
        return CacheEntry(e["error"], e["modified_ns"] / 1e9,
                          {self._id_name(i): CONTAINER_STATES[s] for i, s in e["containers"]},
                          {self._id_name(i): SANDBOX_STATES[s] for i, s in e["sandboxes"]},
                          e["has_ip"], list(e["ips"]), e["observed_ns"] / 1e9)


class PlegHarness(_Harness, _Seeding, _WatchConditions, _OnDemand):
    """One GenericPleg driven step by step (see the module docstring).

    Args:
        version: the kubelet release whose behaviour to follow ("1.11", "1.14", "1.28",
            "1.33", "1.36", ...).
        channel_capacity: the event channel's capacity (the kubelet's is 1000; its tests
            use 100, or 4 for TestEventChannelFull).
        relist_threshold: Healthy()'s threshold; the release's (3 min) when None.
        evented_gate: the EventedPLEG feature gate (1.26+): the cache refuses older writes.
        seed: orders the pods within a relist (Go's random map order).
        go_zero_time_clock: t = 0 is Go's zero time, as the kubelet's tests' fake clock;
            before 1.14 Healthy() is then true before the first relist (upstream's
            TestHealthy). Off: a real clock, where a never-set relist time is long ago.
        on_demand_relist: the PLEGOnDemandRelist gate (1.36+): request_relist queues
            per-pod relists for worker_loop_iteration. None: the release's default,
            on in 1.36 (beta) and locked on from 1.37.
        relist_period: RelistPeriod, the global relist timer's reset; the release's
            (1 s) when None (upstream's TestWorkerLoop uses 2 s).
    """

    def __init__(self, version: str = "1.28", channel_capacity: int = 1000,
                 relist_threshold: Optional[DurationLike] = None, evented_gate: bool = False,
                 seed: int = 1, go_zero_time_clock: bool = False,
                 on_demand_relist: Optional[bool] = None,
                 relist_period: Optional[DurationLike] = None) -> None:
        threshold = None if relist_threshold is None else to_ns(relist_threshold)
        period = None if relist_period is None else to_ns(relist_period)
        gate = None if on_demand_relist is None else bool(on_demand_relist)
        self._h = _core.PlegHarness(str(version), int(channel_capacity), threshold,
                                    bool(evented_gate), int(seed), bool(go_zero_time_clock),
                                    gate, period)
        self._init_names()

    def _pod_tuple(self, key: Hashable, spec: Any) -> tuple:
        if spec is None:
            spec = {}
        if isinstance(spec, Mapping) and set(spec) <= {"containers", "sandboxes",
                                                       "status_timestamp"}:
            containers, sandboxes = spec.get("containers", {}), spec.get("sandboxes", {})
        else:
            containers, sandboxes = spec, {}
        cs = []
        for name, st in _items(containers):
            d = st if isinstance(st, Mapping) else {"state": st}
            cs.append((self._id(name), _index(CONTAINER_STATES, d["state"], "container state"),
                       to_ns(d.get("created", 0)), int(d.get("slot", 0)),
                       int(d.get("exit_code", 0))))
        sbs = [self._sandbox(name, st) for name, st in _items(sandboxes)]
        return (self._pod(key), cs, sbs)

    # --- what the runtime lists -----------------------------------------------------
    def set_pods(self, pods: Mapping[Hashable, Any]) -> None:
        """Replaces every pod the runtime lists (``runtime.AllPodList = ...``)."""
        self._h.set_pods([self._pod_tuple(k, v) for k, v in pods.items()])
        for k, v in pods.items():
            self._status_timestamp(k, v)

    def set_pod(self, pod: Hashable, spec: Any) -> None:
        """Adds or replaces one pod."""
        self._h.set_pod(self._pod_tuple(pod, spec))
        self._status_timestamp(pod, spec)

    def remove_pod(self, pod: Hashable) -> None:
        """Removes one pod from the listing."""
        self._h.remove_pod(self._pod(pod))

    def set_inspection(self, pod: Hashable, spec: Any) -> None:
        """What inspecting ``pod`` (GetPodStatus) sees instead of its listing."""
        self._h.set_inspection(self._pod_tuple(pod, spec))

    def clear_inspection(self, pod: Hashable) -> None:
        """Inspections of ``pod`` see its listing again."""
        self._h.clear_inspection(self._pod(pod))

    # --- how calls behave -------------------------------------------------------------
    def add_rule(self, op: Optional[str] = None, pod: Any = None, latency: DurationLike = 0,
                 code: str = "OK", times: Optional[int] = None) -> None:
        """Scripts matching calls: ``op`` (a CRI method name; None = any), ``pod`` (a pod,
        NO_POD, or None = any) take ``latency`` and return ``code`` ("OK",
        "DeadlineExceeded", "Unavailable", "NotFound"), for ``times`` calls (None =
        forever). The newest matching rule applies."""
        self._h.add_rule(None if op is None else _index(OPS, op, "operation"),
                         None if pod is None else self._pod(pod), to_ns(latency),
                         _index(CODES, code, "status code"), -1 if times is None else int(times))

    def set_latency(self, op: str, latency: DurationLike) -> None:
        """The latency of ``op`` calls no rule matches."""
        self._h.set_latency(_index(OPS, op, "operation"), to_ns(latency))

    def fail_list(self, op: str = "ListPodSandbox", code: str = "Unavailable",
                  times: Optional[int] = None) -> None:
        """GetPods fails: the unfiltered ``op`` returns ``code``."""
        self.add_rule(op, NO_POD, 0, code, times)

    def fail_inspection(self, pod: Hashable, code: str = "Unavailable",
                        times: Optional[int] = None, op: str = "ListPodSandbox") -> None:
        """GetPodStatus(pod) fails: its ``op`` call (by default the first an inspection
        makes, so ``times`` counts inspections) returns ``code``."""
        self.add_rule(op, pod, 0, code, times)

    def clear_rules(self) -> None:
        """Forgets every rule."""
        self._h.clear_rules()

    def calls(self) -> List[Call]:
        """Every CRI call served so far (since clear_calls), in completion order."""
        return [Call(OPS[op], self._pod_name(pod), s / 1e9, e / 1e9, CODES[code])
                for op, pod, s, e, code in self._h.calls()]

    def clear_calls(self) -> None:
        """Forgets the calls served so far."""
        self._h.clear_calls()

    def count_calls(self, op: Optional[str] = None, pod: Any = None) -> int:
        """Calls of ``op`` (None = any) targeting ``pod`` (None = any; NO_POD)."""
        return self._h.count_calls(None if op is None else _index(OPS, op, "operation"),
                                   None if pod is None else self._pod(pod))

    def inspections(self, pod: Hashable) -> int:
        """GetPodStatus calls for ``pod`` (each starts with ListPodSandbox(pod))."""
        return self.count_calls("ListPodSandbox", pod)

    # --- driving ----------------------------------------------------------------------
    def relist(self, at_most: Optional[DurationLike] = None) -> RelistOutcome:
        """Runs one relist until it returns, waiting out scripted latencies. Stops early
        (``completed`` false) when it blocks on a full channel (before 1.14: drain and
        :meth:`resume`) or after ``at_most`` of simulated time."""
        out = self._outcome(self._h.relist(None if at_most is None else to_ns(at_most)))
        self._raise_watch_error()
        return out

    def resume(self, at_most: Optional[DurationLike] = None) -> RelistOutcome:
        """Continues a pending relist, with the same stopping rules."""
        out = self._outcome(self._h.resume(None if at_most is None else to_ns(at_most)))
        self._raise_watch_error()
        return out

    @staticmethod
    def _outcome(t: tuple) -> RelistOutcome:
        return RelistOutcome(t[0], t[1], t[2] / 1e9, t[3] / 1e9)

    @property
    def relist_pending(self) -> bool:
        """A relist started and has not returned."""
        return self._h.relist_pending

    # --- state ------------------------------------------------------------------------
    def healthy(self) -> Health:
        """Healthy() at the current time."""
        return Health(*self._h.healthy())

    def record(self, pod: Hashable) -> Optional[Tuple[Optional[dict], Optional[dict]]]:
        """podRecords[pod] as (old, current), each None or {"containers": {name: state},
        "sandboxes": {name: state}} in kubecontainer states; None without a record."""
        r = self._h.record(self._pod(pod))
        if r is None:
            return None

        def conv(p: Optional[dict]) -> Optional[dict]:
            if p is None:
                return None
            return {k: {self._id_name(i): CONTAINER_STATES[s] for i, s in p[k]}
                    for k in ("containers", "sandboxes")}

        return conv(r[0]), conv(r[1])

    @property
    def relist_time(self) -> Optional[float]:
        """Start of the last relist whose GetPods succeeded, in seconds; None before."""
        t = self._h.relist_time_ns
        return None if t is None else t / 1e9

    @property
    def pods_to_reinspect(self) -> int:
        """Pods whose last inspection failed."""
        return self._h.pods_to_reinspect

    @property
    def discarded_events(self) -> int:
        """Events dropped on a full channel (kubelet_pleg_discard_events, 1.14+)."""
        return self._h.discarded_events

    @property
    def blocked_on_send(self) -> bool:
        """The relist waits for room in the channel (before 1.14)."""
        return self._h.blocked_on_send

    @property
    def channel_size(self) -> int:
        """Events waiting in the channel."""
        return self._h.channel_size

    @property
    def profile(self) -> dict:
        """The release profile in use: version, era, and the behaviours that differ."""
        return self._h.profile

    def table(self, name: str) -> pd.DataFrame:
        """What the PLEG reported so far, as plegsim.Result's tables ("relists",
        "health", "cri_calls", "events")."""
        return frame_from_columns(self._h.table(name))

    @property
    def relists(self) -> pd.DataFrame:
        """One row per finished relist."""
        return self.table("relists")

    @property
    def health_changes(self) -> pd.DataFrame:
        """Healthy() transitions as they happened: at_s, healthy, message."""
        return self.table("health")


def _items(x: Any) -> Iterable[Tuple[Hashable, Any]]:
    if isinstance(x, Mapping):
        return x.items()
    return [tuple(i) for i in x]


__all__ = ["PlegHarness", "Event", "RelistOutcome", "Health", "CacheEntry", "Call", "NO_POD",
           "PodStatus", "ContainerStatus", "running_container_watch_condition",
           "UpdateCacheResult", "gathered", "parse_exposition", "NewerThan",
           "CONTAINER_STATES", "SANDBOX_STATES", "OPS", "CODES", "EVENT_TYPES"]
