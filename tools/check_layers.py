#!/usr/bin/python3
"""Checks that plegsim's layers point one way: every #include of a project header
must go to the including file's own layer or to one the LAYERS table allows.

    /usr/bin/python3 tools/check_layers.py [--root DIR] [--graph]

Exit 0 when every include is allowed, 1 when some are not (one line per offending
include: file:line, the edge, and what the layer may include), 2 on bad use. Only the
standard library is needed. docs/architecture.md explains the layers; change both
together.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

# Layer name -> (source folder, include prefix, layers it may include). A file belongs
# to the layer whose folder is the longest prefix of its path; an include belongs to
# the layer whose prefix starts the included path. Lower layers come first.
LAYERS: dict[str, tuple[str, str, frozenset[str]]] = {
    "core": ("sim/core", "sim/core/", frozenset()),
    "alloc": ("sim/alloc", "sim/alloc/", frozenset()),
    "models": ("models", "models/", frozenset({"core"})),
    "cri": ("sim/cri", "sim/cri/", frozenset({"core", "models"})),
    # The kubelet emits observations, so their vocabulary (and EventType) lives here.
    "kubelet": ("sim/kubelet", "sim/kubelet/", frozenset({"core", "models", "cri"})),
    # The workload plays against the runtime; it knows nothing of the kubelet.
    "workload": ("sim/workload", "sim/workload/", frozenset({"core", "models", "cri"})),
    # Sinks consume the kubelet's observation vocabulary; nothing below knows them.
    "record": ("sim/record", "sim/record/", frozenset({"core", "models", "kubelet"})),
    # Plain data + YAML: composes the components' specs, checks expect: field names.
    "scenario": (
        "sim/scenario",
        "sim/scenario/",
        frozenset({"core", "models", "cri", "kubelet", "workload", "record"}),
    ),
    # Builds and runs simulations (Simulation, sweeps).
    "run": (
        "sim/run",
        "sim/run/",
        frozenset({"core", "models", "cri", "kubelet", "workload", "record", "scenario"}),
    ),
    # Regression of latency models: goldens, seeded replications, two-sample tests.
    "regress": (
        "sim/regress",
        "sim/regress/",
        frozenset({"core", "models", "cri", "kubelet", "workload", "record", "scenario", "run"}),
    ),
    # Fits a node's runtime from kubelet /metrics scrapes (plegsim fit).
    "fit": (
        "sim/fit",
        "sim/fit/",
        frozenset({"core", "models", "cri", "kubelet", "workload", "record", "scenario", "run"}),
    ),
    # Compares a simulated node with a kubelet's scrape (plegsim validate).
    "validate": (
        "sim/validate",
        "sim/validate/",
        frozenset(
            {"core", "models", "cri", "kubelet", "workload", "record", "scenario", "run", "fit"}
        ),
    ),
    # The limit search (plegsim limit): bisection on replicated runs, intervals.
    "limit": (
        "sim/limit",
        "sim/limit/",
        frozenset(
            {"core", "models", "cri", "kubelet", "workload", "record", "scenario", "run", "regress"}
        ),
    ),
    # One PLEG against a scripted runtime.
    "step": ("sim/step", "sim/step/", frozenset({"core", "models", "cri", "kubelet", "record"})),
    # The public API: all that the command and the Python module include.
    "api": (
        "include/plegsim",
        "plegsim/",
        frozenset(
            {
                "core",
                "models",
                "cri",
                "kubelet",
                "workload",
                "record",
                "scenario",
                "run",
                "regress",
                "fit",
                "validate",
                "limit",
                "step",
            }
        ),
    ),
    "cli": ("sim/cli", "sim/cli/", frozenset({"api"})),
    "python": ("python/src", "python/src/", frozenset({"api"})),
}

SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc", ".in")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def find_cycle(layers=LAYERS) -> list[str] | None:
    """A cycle in the allowed edges (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for dep in sorted(layers[name][2]):
            if state.get(dep) == 1:
                return path[path.index(dep) :] + [dep]
            if dep in layers and state.get(dep) is None:
                found = visit(dep)
                if found:
                    return found
        path.pop()
        state[name] = 2
        return None

    for name in layers:
        if state.get(name) is None:
            found = visit(name)
            if found:
                return found
    return None


def layer_of_file(rel: str, layers=LAYERS) -> str | None:
    best = None
    for name, (folder, _, _) in layers.items():
        if (rel == folder or rel.startswith(folder + "/")) and (
            best is None or len(folder) > len(layers[best][0])
        ):
            best = name
    return best


def layer_of_include(target: str, layers=LAYERS) -> str | None:
    best = None
    for name, (_, prefix, _) in layers.items():
        if target.startswith(prefix) and (best is None or len(prefix) > len(layers[best][1])):
            best = name
    return best


def check(root: pathlib.Path, layers=LAYERS) -> tuple[list[str], set[tuple[str, str]]]:
    """Returns (violations, observed cross-layer edges) for the tree at `root`."""
    problems: list[str] = []
    edges: set[tuple[str, str]] = set()
    # A new folder of sources must join a layer before anything may include it.
    for top in ("sim", "include"):
        if (root / top).is_dir():
            for sub in sorted((root / top).iterdir()):
                rel = sub.relative_to(root).as_posix()
                if sub.is_dir() and layer_of_file(rel, layers) is None:
                    problems.append(f"{rel}/: a folder no layer owns; add it to LAYERS")
    for folder, _, _ in layers.values():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or not path.name.endswith(SOURCE_SUFFIXES):
                continue
            rel = path.relative_to(root).as_posix()
            src = layer_of_file(rel, layers)
            if src is None or layers[src][0] != folder:
                continue  # scanned under its own (longest) folder
            text = path.read_text(encoding="utf-8", errors="replace")
            for lineno, line in enumerate(text.splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                quote, target = m.groups()
                dst = layer_of_include(target, layers)
                if dst is None:
                    # Quoted and beside the file (python/src's "bindings.h"): same layer.
                    if quote == '"' and (path.parent / target).is_file():
                        continue
                    if quote == '"' and "/" in target:
                        problems.append(
                            f"{rel}:{lineno}: #include \"{target}\" is in no known layer "
                            f"(known prefixes: {', '.join(p for _, p, _ in layers.values())})"
                        )
                    continue  # the standard library or a third-party header
                if dst == src:
                    continue
                edges.add((src, dst))
                allowed = layers[src][2]
                if dst not in allowed:
                    problems.append(
                        f"{rel}:{lineno}: layer '{src}' may not include '{dst}' ({target}); "
                        f"'{src}' may include: {', '.join(sorted(allowed)) or 'nothing'}"
                    )
    return problems, edges


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--root",
        type=pathlib.Path,
        default=pathlib.Path(__file__).resolve().parent.parent,
        help="the source tree to check (default: this checkout)",
    )
    parser.add_argument("--graph", action="store_true", help="print the edges found")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"check_layers: {args.root} is not a directory", file=sys.stderr)
        return 2
    cycle = find_cycle()
    if cycle:
        print(f"check_layers: the allowed edges form a cycle: {' -> '.join(cycle)}",
              file=sys.stderr)
        return 1
    problems, edges = check(args.root)
    if args.graph:
        for src, dst in sorted(edges):
            print(f"{src} -> {dst}")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} include(s) break the layering", file=sys.stderr)
        return 1
    print(f"check_layers: {len(edges)} cross-layer edges, all allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
