"""Scenarios: one simulated node, its kubelet, runtime, workload and faults, as YAML.

The keys are documented in docs/scenario.md. A Scenario is immutable; with_overrides
returns a new one.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from typing import Any, Iterable, Mapping, Optional, Tuple, Union

from . import _core
from ._durations import format_ns, to_ns

_PLAIN = re.compile(r"^[\w./+\-\u00b5]+$")


def _yaml_value(v: Any) -> str:
    """A Python value as a YAML flow value (the ``value`` of ``path=value``)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, datetime.timedelta):
        return format_ns(to_ns(v))
    if isinstance(v, str):
        return v if _PLAIN.match(v) else json.dumps(v)
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{_yaml_value(str(k))}: {_yaml_value(x)}"
                               for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_yaml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write a {type(v).__name__} as a scenario value")


def _override(path: str, value: Any) -> str:
    # A top-level str is YAML text, exactly as after `--set path=`; anything else is
    # converted (so "1.28" stays a string and [{...}] a list).
    if path.endswith("version") and isinstance(value, float):
        # 1.20 as a float is 1.2: the release would silently change.
        raise TypeError(f"{path}: pass the release as a string such as \"1.20\", not the "
                        f"float {value!r}")
    text = value if isinstance(value, str) else _yaml_value(value)
    return f"{path}={text}"


class Scenario:
    """A validated scenario with every default filled in.

    Build one with :meth:`load`, :meth:`from_yaml` or :meth:`default`; derive variants
    with :meth:`with_overrides`. Loading errors raise :class:`plegsim.ScenarioError`
    naming the file, line, column and key.
    """

    __slots__ = ("_s", "_text", "_source", "_overrides")

    def __init__(self, core: "_core.Scenario", text: str, source: str,
                 overrides: Tuple[str, ...]) -> None:
        """Internal: use :meth:`load`, :meth:`from_yaml` or :meth:`default`."""
        self._s = core
        self._text = text
        self._source = source
        self._overrides = overrides

    # --- construction -----------------------------------------------------------------
    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"],
             overrides: Optional[Mapping[str, Any]] = None, *,
             kubelet_config: Optional[Union[str, "os.PathLike[str]"]] = None) -> "Scenario":
        """Reads and validates the scenario file at ``path``.

        ``overrides`` maps dotted key paths to values, as :meth:`with_overrides`.
        ``kubelet_config``: a KubeletConfiguration file applied over the scenario's
        kubelet keys, as ``plegsim run --kubelet-config`` (docs/scenario.md).
        """
        path = os.fspath(path)
        ov = _overrides(overrides)
        if kubelet_config is not None:
            core = _core.load_scenario(path, os.fspath(kubelet_config), list(ov))
        else:
            core = _core.load_scenario_file(path, list(ov))
        return cls(core, core.source_yaml, path, ov)

    @classmethod
    def from_yaml(cls, text: str, source_name: str = "<string>",
                  overrides: Optional[Mapping[str, Any]] = None) -> "Scenario":
        """Validates scenario YAML text; ``source_name`` appears in error messages."""
        ov = _overrides(overrides)
        return cls(_core.load_scenario_text(text, source_name, list(ov)), text, source_name, ov)

    @classmethod
    def default(cls, overrides: Optional[Mapping[str, Any]] = None, *,
                kubelet_config: Optional[Union[str, "os.PathLike[str]"]] = None) -> "Scenario":
        """The built-in default scenario (scenarios/default.yaml: 110 pods, kubelet 1.11,
        one hour); ``kubelet_config`` as for :meth:`load`."""
        ov = _overrides(overrides)
        if kubelet_config is not None:
            core = _core.load_scenario("", os.fspath(kubelet_config), list(ov))
            return cls(core, core.source_yaml, core.source_path, ov)
        core = _core.load_default_scenario(list(ov))
        return cls(core, _core.default_scenario_yaml(), core.source_path, ov)

    def with_overrides(self, overrides: Optional[Mapping[str, Any]] = None,
                       **kwargs: Any) -> "Scenario":
        """A copy with keys replaced, like ``plegsim run --set path=value``.

        Keys are dotted paths (``"node.pods"``, ``"faults[0].from"``); keyword arguments
        name top-level keys (``duration="10m"``). A ``str`` value is YAML text as after
        ``--set path=``; numbers, bools, timedeltas, lists and dicts are converted, so
        ``{"faults": [{"kind": "hang", "op": "ContainerStatus", "pod": 2, "from": "50s"}]}``
        works. Overrides accumulate over the original text, so errors still point into it.
        """
        merged = dict(overrides or {})
        merged.update(kwargs)
        ov = self._overrides + _overrides(merged)
        core = _core.load_scenario_text(self._text, self._source, list(ov))
        return Scenario(core, self._text, self._source, ov)

    # --- views ------------------------------------------------------------------------
    def to_yaml(self) -> str:
        """The fully resolved scenario as YAML: every key, every operation's latency.
        ``Scenario.from_yaml(s.to_yaml())`` is the same scenario."""
        return _core.to_yaml(self._s)

    def to_dict(self) -> dict:
        """The resolved scenario as nested dicts (needs PyYAML)."""
        import yaml  # python3-yaml; only this method needs it

        return yaml.safe_load(self.to_yaml())

    def check(self) -> "Scenario":
        """Raises :class:`plegsim.BuildError` if the scenario cannot be simulated (e.g.
        a feature plegsim does not support yet); returns self otherwise."""
        _core.check_buildable(self._s)
        return self

    @property
    def name(self) -> str:
        """The scenario's ``name``."""
        return self._s.name

    @property
    def duration_s(self) -> float:
        """Simulated time the run covers, in seconds."""
        return self._s.duration_s

    @property
    def warmup_s(self) -> float:
        """Leading seconds excluded from summary statistics."""
        return self._s.warmup_s

    @property
    def seed(self) -> int:
        """The scenario's seed (``plegsim.run(seed=...)`` overrides it)."""
        return self._s.seed

    @property
    def kubelet_version(self) -> str:
        """The simulated kubelet release, e.g. ``"1.11"``."""
        return self._s.kubelet_version

    @property
    def pods(self) -> int:
        """Pods on the node (``node.pods``)."""
        return self._s.pods

    @property
    def source(self) -> str:
        """Where the scenario came from: a path, ``"<string>"`` or
        ``"<built-in default>"``."""
        return self._source

    @property
    def source_yaml(self) -> str:
        """The YAML text as given, before overrides."""
        return self._text

    @property
    def overrides(self) -> Tuple[str, ...]:
        """The ``path=value`` overrides applied to :attr:`source_yaml`."""
        return self._overrides

    def _content(self) -> str:
        # The resolved YAML without its comments (which name the source).
        return "\n".join(line for line in self.to_yaml().splitlines()
                         if not line.lstrip().startswith("#"))

    def __eq__(self, other: object) -> bool:
        """Same resolved content, wherever each came from."""
        return isinstance(other, Scenario) and self._content() == other._content()

    def __hash__(self) -> int:
        return hash(self._content())

    def __repr__(self) -> str:
        return (f"Scenario(name={self.name!r}, kubelet={self.kubelet_version!r}, "
                f"pods={self.pods}, duration={format_ns(round(self.duration_s * 1e9))!r}, "
                f"seed={self.seed})")


def _overrides(overrides: Optional[Union[Mapping[str, Any], Iterable[str]]]) -> Tuple[str, ...]:
    if not overrides:
        return ()
    if isinstance(overrides, Mapping):
        return tuple(_override(str(k), v) for k, v in overrides.items())
    if isinstance(overrides, str):
        raise TypeError("overrides: pass a dict {path: value} or a list of 'path=value'")
    return tuple(overrides)  # already "path=value" strings
