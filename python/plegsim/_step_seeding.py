"""The step API's seeding of upstream's test state: UpdateCache alone with its result, a
pre-seeded cache entry, pod records and podsToReinspect, the runtime's status timestamp and the Evented
PLEG's in-use flag. Mixed into plegsim.step.PlegHarness; import it from there."""

from __future__ import annotations

from typing import Any, Hashable, Iterable, Mapping, NamedTuple, Optional

from ._durations import DurationLike, to_ns


class UpdateCacheResult(NamedTuple):
    """What UpdateCache returned: the inspection succeeded; the cache took the write."""

    ok: bool
    updated: bool


class _Seeding:
    """PlegHarness's methods that write the state upstream's tests write directly."""

    def _status_timestamp(self, pod: Hashable, spec: Any) -> None:
        if isinstance(spec, Mapping) and spec.get("status_timestamp") is not None:
            self._h.set_status_timestamp(self._pod(pod), to_ns(spec["status_timestamp"]))

    def update_cache(self, pod: Hashable) -> UpdateCacheResult:
        """UpdateCache(pod) alone (1.26+, the Evented PLEG's entry point), run to its end:
        whether the inspection succeeded and whether the cache took the write."""
        return UpdateCacheResult(*self._h.update_cache(self._pod(pod)))

    def set_cache(self, pod: Hashable, containers: Optional[Mapping[Hashable, Any]] = None,
                  sandboxes: Optional[Mapping[Hashable, str]] = None,
                  ips: Iterable[str] = (), error: bool = False, modified: DurationLike = 0,
                  refuse_older: bool = False) -> bool:
        """Seeds the pod's cache entry (``cache.Set``): container statuses {name: state or
        {"state", "slot", "exit_code"}}, sandbox statuses {name: state} (newest first),
        IPs, an error flag and the modification time. With ``refuse_older`` (the
        EventedPLEG gate's cache) an entry modified later is kept; returns whether the
        write landed."""
        from .step import _SANDBOX_ALIASES, CONTAINER_STATES, _index, _items

        cs = []
        for name, st in _items(containers or {}):
            d = st if isinstance(st, Mapping) else {"state": st}
            cs.append((self._id(name), _index(CONTAINER_STATES, d["state"], "container state"),
                       int(d.get("slot", 0)), int(d.get("exit_code", 0))))
        sbs = []
        for name, st in _items(sandboxes or {}):
            if st not in _SANDBOX_ALIASES:
                raise ValueError(f"unknown sandbox state {st!r}; expected ready, notready or "
                                 "unknown")
            sbs.append((self._id(name), _SANDBOX_ALIASES[st]))
        ip_list = [ips] if isinstance(ips, str) else list(ips)
        return self._h.set_cache(self._pod(pod), cs, sbs, ip_list, bool(error),
                                 to_ns(modified), bool(refuse_older))

    def set_evented_in_use(self, in_use: bool = True) -> None:
        """``IsEventedPLEGInUse()`` (with ``evented_gate``): cache writes then carry the
        runtime's status timestamp, as while the Evented PLEG's stream is up."""
        self._h.set_evented_in_use(bool(in_use))

    def set_record(self, pod: Hashable, old: Optional[Mapping[str, Any]],
                   current: Optional[Mapping[str, Any]]) -> None:
        """Pre-seeds podRecords[pod] = {old, current}, as upstream's tests write the map;
        each None or {"containers": {name: state}, "sandboxes": {name: state}} in
        kubecontainer states (as :meth:`record` returns them). Both None: no record."""
        from .step import CONTAINER_STATES, _index, _items

        def conv(p: Optional[Mapping[str, Any]]) -> Optional[tuple]:
            if p is None:
                return None
            unknown = set(p) - {"containers", "sandboxes"}
            if unknown:
                raise ValueError(f"record keys are containers and sandboxes, not {sorted(unknown)}")
            return tuple([(self._id(n), _index(CONTAINER_STATES, st, "container state"))
                          for n, st in _items(p.get(k, {}))] for k in ("containers", "sandboxes"))

        self._h.set_record(self._pod(pod), conv(old), conv(current))

    def set_pod_to_reinspect(self, pod: Hashable) -> None:
        """Puts the pod in podsToReinspect (``pleg.podsToReinspect[pod] = nil``, as
        upstream's tests do). A test hook: the kubelet queues a pod when its inspection
        fails."""
        self._h.set_pod_to_reinspect(self._pod(pod))
