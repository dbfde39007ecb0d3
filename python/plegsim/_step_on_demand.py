"""The step API's on-demand relist (1.36+, #137362): RequestRelist, RequestReinspect, the
global relist timer, one ``workerLoopIteration`` at a time, and the cache's
``GetNewerThan`` as a subscription a test polls (upstream's TestWorkerLoop). Mixed into
plegsim.step.PlegHarness; import it from there."""

from __future__ import annotations

from typing import Any, Hashable, Optional

from ._durations import DurationLike, to_ns


class NewerThan:
    """A ``cache.GetNewerThan(pod, min_time)`` call in progress: ``blocked`` until the
    cache holds a status newer than ``min_time`` (or is told so by a write, a relist's
    global timestamp or a per-pod relist's observed time); then ``status`` is the
    CacheEntry it returned (an absent pod's: an empty status without error)."""

    def __init__(self, harness: Any, pod: Hashable, sub: int) -> None:
        self._harness = harness
        self.pod = pod
        self._sub = sub

    @property
    def blocked(self) -> bool:
        """The call has not returned yet (upstream's requireBlocked)."""
        return self._harness._h.newer_than(self._sub) is None

    @property
    def status(self) -> Optional[Any]:
        """The CacheEntry returned (upstream's requireUnblocked); None while blocked."""
        e = self._harness._h.newer_than(self._sub)
        return None if e is None else self._harness._cache_entry(e)

    def __repr__(self) -> str:
        return f"NewerThan(pod={self.pod!r}, blocked={self.blocked})"


class _OnDemand:
    """PlegHarness's on-demand relist methods (1.36+)."""

    def request_relist(self, pod: Hashable) -> None:
        """``RequestRelist(pod)``: queues a per-pod relist stamped with the current time
        (a no-op with the PLEGOnDemandRelist gate off)."""
        self._h.request_relist(self._pod(pod))

    def request_reinspect(self, pod: Hashable) -> None:
        """``RequestReinspect(pod)`` (1.36+): the pod's next relist, global or per-pod,
        inspects it even without events and sends PodSync if it has none."""
        self._h.request_reinspect(self._pod(pod))

    def arm_global_relist_timer(self, after: DurationLike) -> None:
        """``pleg.globalRelistTimer = clock.NewTimer(after)``: the global relist falls
        due ``after`` from now."""
        self._h.arm_global_relist_timer(to_ns(after))

    def worker_loop_iteration(self) -> str:
        """One ``workerLoopIteration``, run to its end: ``"global_relist"`` (the timer was
        due, or came first: Relist() and the timer reset to the relist period),
        ``"pod_relist"`` (a request was served: relistPod) or ``"stale_request_skipped"``
        (a request made before the last successful global relist). With nothing queued it
        waits for the timer, moving the clock to it as Go's synctest clock does; raises
        RuntimeError instead of blocking forever when no timer is armed and nothing is
        queued. Needs ``on_demand_relist`` (locked on from 1.37)."""
        return self._h.worker_loop_iteration()

    def get_newer_than(self, pod: Hashable, min_time: DurationLike) -> NewerThan:
        """``cache.GetNewerThan(pod, min_time)`` started now (``min_time`` in seconds since
        the harness was made); poll the result's ``blocked`` / ``status``."""
        return NewerThan(self, pod, self._h.get_newer_than(self._pod(pod), to_ns(min_time)))

    @property
    def relist_requests_queued(self) -> int:
        """Requests waiting in relistRequests (capacity 200)."""
        return self._h.relist_requests_queued

    @property
    def global_relist_timer(self) -> Optional[float]:
        """When the global relist timer falls due, in seconds; None when stopped."""
        t = self._h.global_relist_timer_ns
        return None if t is None else t / 1e9
