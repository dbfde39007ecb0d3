"""A run file at a glance: ``python3 -m plegsim.report run.h5 [--png out.png]``.

Prints every summary field (the table of :func:`plegsim.summary_fields`, as ``plegsim
report`` does) and, with ``--png``, draws three panels: relist duration over time
against the PLEG threshold, the node's Ready timeline, and the detection-latency
histogram. Needs h5py, pandas and matplotlib (the Agg backend: no display).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Any, Dict, Optional, Sequence

from .errors import RunFileError
from .result_file import LoadedResult, load_result
from .summary import summary_fields, summary_value


def _value_text(value: Any, field: Dict[str, Any]) -> str:
    unit = f" {field['unit']}" if field["unit"] not in ("", "1") else ""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "  ".join(f"{k} {_value_text(v, field)}" for k, v in value.items()) or "none"
    if isinstance(value, float):
        return f"{value:.6g}{unit}"
    return f"{value}{unit}"


def summary_table(run: LoadedResult) -> str:
    """Every field of the run's summary (:func:`plegsim.summary_fields`), one per line,
    by the names ``expect:`` and ``plegsim sweep --fields`` take."""
    s = run.summary
    lines = [f"{run.attrs.get('scenario_name', '?')}: kubelet {run.attrs.get('kubelet_version', '?')}, "
             f"seed {run.seed}, {s.get('simulated_seconds', 0):.0f} s simulated"]
    for field in summary_fields():
        try:
            value = summary_value(s, field["name"])
        except KeyError:
            text = "-"  # a file written before the field existed
        else:
            text = _value_text(value, field)
        lines.append(f"  {field['name']:<36} {text}")
    return "\n".join(lines)


def draw(run: LoadedResult, png: str) -> str:
    """Writes the three panels to ``png`` (through a temporary name) and returns it."""
    import h5py
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    threshold_s = run.attrs.get("relist_threshold_ns", 180e9) / 1e9
    end_s = run.attrs.get("end_ns", 0) / 1e9
    fig, (ax1, ax2, ax3) = plt.subplots(3, 1, figsize=(10, 9), constrained_layout=True)

    relists = run.relists
    if len(relists):
        ax1.plot(relists["start_s"], relists["duration_s"], ".", ms=2, label="relist duration")
    ax1.axhline(threshold_s, color="red", ls="--", label=f"threshold {threshold_s:.0f} s")
    ax1.set_yscale("log")
    ax1.set_xlabel("simulated time (s)")
    ax1.set_ylabel("relist duration (s)")
    ax1.legend(loc="upper left")
    ax1.set_title(f"{run.attrs.get('scenario_name', '')} — kubelet {run.attrs.get('kubelet_version', '')}")

    ready = run.node_ready
    if len(ready):
        t = list(ready["at_s"]) + [end_s]
        v = list(ready["ready"].astype(int)) + [int(ready["ready"].iloc[-1])]
        ax2.step(t, v, where="post")
    ax2.set_yticks([0, 1], ["NotReady", "Ready"])
    ax2.set_xlabel("simulated time (s)")
    ax2.set_title("node Ready condition")

    with h5py.File(run.path, "r") as f:
        h = f.get("histograms/event_detection_seconds")
        if h is not None and int(h.attrs.get("count", 0)) > 0:
            counts = np.asarray(h[()], dtype=float)
            le = np.asarray(h.attrs["le_seconds"], dtype=float)
            finite = np.isfinite(le)
            labels = [f"{x:g}" for x in le[finite]] + (["+Inf"] if (~finite).any() else [])
            ax3.bar(range(len(counts)), counts)
            ax3.set_xticks(range(len(counts)), labels, rotation=90, fontsize=7)
    ax3.set_xlabel("detection latency, bucket upper bound (s)")
    ax3.set_ylabel("runtime changes")
    ax3.set_title("runtime change → PLEG event")

    directory = os.path.dirname(os.path.abspath(png))
    fd, tmp = tempfile.mkstemp(prefix=".plegsim-report-", suffix=".png", dir=directory)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=100)
        os.replace(tmp, png)
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.unlink(tmp)
    return png


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m plegsim.report", description=__doc__.split("\n")[0])
    p.add_argument("run", help="a run file from `plegsim run -o` or Result.to_hdf5")
    p.add_argument("--png", help="also draw the panels to this PNG file")
    a = p.parse_args(argv)
    try:
        run = load_result(a.run)
        text = summary_table(run)
    except RunFileError as e:
        print(f"python3 -m plegsim.report: not a readable plegsim run file: {e}",
              file=sys.stderr)
        return 2
    except (OSError, KeyError) as e:
        print(f"python3 -m plegsim.report: {a.run}: not a readable plegsim run file ({e})",
              file=sys.stderr)
        return 2
    print(text)
    if a.png:
        draw(run, a.png)
        print(f"wrote {a.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
