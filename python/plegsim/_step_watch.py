"""The step API's watch conditions (1.32 - 1.35, #128518): SetPodWatchCondition with a
Python callable, RunningContainerWatchCondition, and the conditions' keys and versions.
Mixed into plegsim.step.PlegHarness; import them from plegsim.step."""

from __future__ import annotations

import weakref
from typing import Callable, Dict, Hashable, List, NamedTuple, Optional


class PodStatus(NamedTuple):
    """What a watch condition sees: the pod's fresh status (kubecontainer.PodStatus)."""

    pod: Hashable
    containers: Dict[Hashable, str]  # container statuses, newest first: name -> state
    sandboxes: Dict[Hashable, str]  # sandbox statuses, newest first: name -> state
    ips: List[str]
    exit_codes: Dict[Hashable, int]  # container name -> exit code


class ContainerStatus(NamedTuple):
    """One container's status, as a running-container watch condition sees it."""

    name: Hashable
    state: str
    exit_code: int


def running_container_watch_condition(
        name: Hashable, condition: Callable[[ContainerStatus], bool]) -> Callable[[PodStatus], bool]:
    """RunningContainerWatchCondition: a watch condition on one container. When the pod's
    status lists no container of that name, or it is not running, the condition counts
    as met (so it is cleared); otherwise ``condition(container_status)`` decides."""
    def pod_condition(status: PodStatus) -> bool:
        state = status.containers.get(name)
        if state != "running":
            return True
        return bool(condition(ContainerStatus(name, state, status.exit_codes.get(name, 0))))

    return pod_condition


class _WatchConditions:
    """PlegHarness's watch-condition methods."""

    _watch_error: Optional[BaseException] = None

    def set_watch_condition(self, pod: Hashable, key: str,
                            condition: Callable[[PodStatus], bool]) -> None:
        """SetPodWatchCondition: ``pod`` is inspected on every relist until
        ``condition(status)`` returns true for its fresh :class:`PodStatus`; then one
        ``ConditionMet`` event. Setting an existing key replaces the callable and bumps its
        version. An exception the callable raises is raised again when the relist returns.
        Raises ValueError outside 1.32 - 1.35 (#128518 added them; 1.36 replaced them)."""
        # A weak reference: the C++ harness keeps the callable, which must not keep this
        # wrapper (and so the harness) alive.
        this = weakref.ref(self)

        def call(t: tuple) -> bool:
            h = this()
            if h is None:
                return False
            try:
                return bool(condition(h._status(t)))
            except BaseException as e:  # raised again after the relist
                if h._watch_error is None:
                    h._watch_error = e
                return False

        self._h.set_watch_condition(self._pod(pod), str(key), call)

    def watch_conditions(self, pod: Hashable) -> Optional[Dict[str, int]]:
        """The pod's watch conditions as {key: version}; None when the PLEG holds no entry
        for the pod (never set, or dropped with the pod). Met conditions leave an empty dict
        until the pod goes."""
        return self._h.watch_conditions(self._pod(pod))

    def set_watch_condition_version(self, pod: Hashable, key: str, version: int) -> None:
        """Overwrites a stored condition's version, as upstream's TestWatchConditions writes
        ``pleg.watchConditions`` directly. A test hook: no kubelet code does this."""
        self._h.set_watch_condition_version(self._pod(pod), str(key), int(version))

    def _status(self, t: tuple) -> PodStatus:
        from .step import CONTAINER_STATES, SANDBOX_STATES

        uid, containers, sandboxes, ips, _ = t
        return PodStatus(self._pod_name(uid),
                         {self._id_name(i): CONTAINER_STATES[s] for i, s, _, _ in containers},
                         {self._id_name(i): SANDBOX_STATES[s] for i, s in sandboxes},
                         list(ips), {self._id_name(i): code for i, _, _, code in containers})

    def _raise_watch_error(self) -> None:
        e, self._watch_error = self._watch_error, None
        if e is not None:
            raise e
