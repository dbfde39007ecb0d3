"""The step API's names and value types (plegsim.step re-exports them): container and
sandbox states, CRI operations and codes, PLEG event types, and the named tuples the
harnesses return."""

from __future__ import annotations

from typing import Dict, Hashable, List, NamedTuple, Optional, Tuple

from . import _core

CONTAINER_STATES = ("created", "running", "exited", "unknown")
SANDBOX_STATES = ("ready", "notready", "unknown")
_SANDBOX_ALIASES = {"ready": 0, "running": 0, "notready": 1, "exited": 1, "unknown": 2}
OPS: Tuple[str, ...] = tuple(_core.op_names())
CODES: Tuple[str, ...] = tuple(_core.code_names())
EVENT_TYPES: Tuple[str, ...] = tuple(_core.event_type_names())
# Events whose Data is unused: no container.
_NO_DATA_EVENTS = ("PodSync", "ConditionMet")


class _NoPod:
    """Sentinel for calls that name no pod (unfiltered lists, Status)."""

    def __repr__(self) -> str:
        return "NO_POD"


#: The target of calls that name no pod: GetPods' unfiltered lists, Status, Version.
NO_POD = _NoPod()


class Event(NamedTuple):
    """A PodLifecycleEvent: the pod, its type ("ContainerStarted", "ContainerDied",
    "ContainerRemoved", "PodSync", ...) and the container (None for PodSync)."""

    pod: Hashable
    type: str
    container: Optional[Hashable]


class RelistOutcome(NamedTuple):
    """Where relist()/resume() left the relist."""

    completed: bool  # relist() returned
    blocked_on_send: bool  # waiting for room in a full event channel (before 1.14)
    started_s: float  # its start time (the relist timestamp)
    elapsed_s: float  # simulated seconds since it started (its duration once completed)


class Health(NamedTuple):
    """Healthy(): ``ok`` and the error text when not; true in a boolean context iff ok."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok


class CacheEntry(NamedTuple):
    """A pod's entry in the PLEG's status cache."""

    error: bool  # the inspection failed (the error is cached too)
    modified_s: float  # the timestamp taken before the inspection's calls
    containers: Dict[Hashable, str]  # container statuses: name -> state
    sandboxes: Dict[Hashable, str]  # sandbox statuses, newest first: name -> state
    has_ip: bool  # the newest sandbox is READY
    ips: List[str] = []  # the pod's IPs (1.9+: kept from the cache once its sandboxes stop)
    observed_s: float = 0.0  # 1.36+: last seen unchanged by a per-pod relist (SetObservedTime)


class Call(NamedTuple):
    """One CRI call the scripted runtime served."""

    op: str
    pod: Hashable  # NO_POD for calls naming no pod
    start_s: float
    end_s: float
    code: str


def _index(names: Tuple[str, ...], value: str, what: str) -> int:
    try:
        return names.index(value)
    except ValueError:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(names)}") from None
