"""A run file at a glance: ``python3 -m plegsim.report run.h5 [--png out.png]``.

Prints the summary table (as ``plegsim report`` does) and, with ``--png``, draws three
panels: relist duration over time against the PLEG threshold, the node's Ready
timeline, and the detection-latency histogram. Needs h5py, pandas and matplotlib (the
Agg backend: no display); not the compiled extension.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Optional, Sequence

from .errors import RunFileError
from .result_file import LoadedResult, load_result

_ROWS = [
    ("relists", "relists", "{:.0f}"),
    ("relist duration p50 (s)", ("relist_duration_seconds", "p50"), "{:.4f}"),
    ("relist duration p99 (s)", ("relist_duration_seconds", "p99"), "{:.4f}"),
    ("relist duration max (s)", ("relist_duration_seconds", "max"), "{:.4f}"),
    ("PLEG unhealthy transitions", "pleg_unhealthy_transitions", "{:.0f}"),
    ("PLEG unhealthy (s)", "pleg_unhealthy_seconds", "{:.1f}"),
    ("first unhealthy at (s)", "first_unhealthy_at_seconds", "{:.1f}"),
    ("node NotReady transitions", "node_not_ready_transitions", "{:.0f}"),
    ("node NotReady (s)", "node_not_ready_seconds", "{:.1f}"),
    ("node NotReady share", "node_not_ready_share", "{:.4f}"),
    ("events delivered", "events_delivered", "{:.0f}"),
    ("events discarded", "events_discarded", "{:.0f}"),
    ("detection p50 (s)", ("event_detection_seconds", "p50"), "{:.4f}"),
    ("detection p99 (s)", ("event_detection_seconds", "p99"), "{:.4f}"),
]


def summary_table(run: LoadedResult) -> str:
    """The run's headline numbers, one per line."""
    s = run.summary
    lines = [f"{run.attrs.get('scenario_name', '?')}: kubelet {run.attrs.get('kubelet_version', '?')}, "
             f"seed {run.seed}, {s.get('simulated_seconds', 0):.0f} s simulated"]
    for label, key, fmt in _ROWS:
        value = s.get(key) if isinstance(key, str) else (s.get(key[0]) or {}).get(key[1])
        lines.append(f"  {label:<28} {'-' if value is None else fmt.format(value)}")
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
