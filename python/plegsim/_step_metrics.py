"""The step harnesses' metrics registry: the Prometheus exposition of the harness's
kubelet, parsed into samples, and normalized the way the kubelet's tests compare it
(testutil.GatherAndCompare)."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

Samples = Dict[str, List[Tuple[str, Dict[str, str], float]]]


class _Metrics:
    """The registry reads PlegHarness and EventedHarness share over ``self._h``."""

    _h: Any

    def metrics_text(self) -> str:
        """The Prometheus exposition the harness's kubelet would serve now: the release's
        names, HELP text ("[ALPHA] " from 1.16), types, labels and values."""
        return self._h.metrics_text()

    def metric_family(self, name: str) -> str:
        """One family of :meth:`metrics_text` (HELP, TYPE, samples), as
        testutil.GatherAndCompare filters a gather by name; "" when absent. Compare it
        with upstream's text through :func:`gathered`."""
        return self._h.metric_family(name)

    def metrics(self) -> Samples:
        """The registry as family -> [(sample name, labels, value)]."""
        return parse_exposition(self.metrics_text())


def parse_exposition(text: str) -> Samples:
    """Prometheus text (as plegsim writes it) as family -> [(sample name, labels, value)]."""
    out: Samples = {}
    family = None
    for line in text.splitlines():
        if line.startswith("# HELP "):
            family = line.split(" ", 3)[2]
            out[family] = []
            continue
        if not line or line.startswith("#"):
            continue
        if family is None:
            raise ValueError(f"sample before any family: {line!r}")
        head, value = line.rsplit(" ", 1)
        labels: Dict[str, str] = {}
        name = head
        if "{" in head:
            name, rest = head.split("{", 1)
            for pair in _split_labels(rest.rstrip("}")):
                k, v = pair.split("=", 1)
                labels[k] = v[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
        out[family].append((name, labels, float(value)))
    return out


def _split_labels(s: str) -> List[str]:
    parts, cur, quoted, escaped = [], "", False, False
    for ch in s:
        if escaped:
            cur += ch
            escaped = False
        elif ch == "\\":
            cur += ch
            escaped = True
        elif ch == '"':
            cur += ch
            quoted = not quoted
        elif ch == "," and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        parts.append(cur)
    return parts


def gathered(text: str) -> str:
    """``text`` as testutil.GatherAndCompare compares it: families sorted by name, each
    family's HELP and TYPE lines, then its samples sorted by their labels. Blank lines
    and indentation (a Go raw string's) do not count; everything else does, HELP included.

    Compare ``gathered(h.metric_family(name)) == gathered(upstream_wants)``."""
    families: Dict[str, Tuple[List[str], List[str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip(" \t")
        if not line:
            continue
        if line.startswith("# HELP "):
            current = families.setdefault(line.split(" ", 3)[2], ([], []))
        if current is None:
            raise ValueError(f"sample before any family: {line!r}")
        (current[0] if line.startswith("#") else current[1]).append(line)
    out = []
    for name in sorted(families):
        head, samples = families[name]
        out += head + sorted(samples)
    return "".join(line + "\n" for line in out)


__all__ = ["parse_exposition", "gathered"]
