#!/usr/bin/python3
"""Tests of tools/check_layers.py: it passes clean trees and fails on planted
back-edges, on includes of internals from the command or the Python module, and on
includes of folders no layer owns. Run by CTest (check_layers_selftest); needs only
the standard library: /usr/bin/python3 tools/check_layers_test.py"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
CHECKER = HERE / "check_layers.py"
REPO = HERE.parent
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, str(HERE))

import check_layers  # noqa: E402


def run_checker(root: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECKER), "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


class TempTree(unittest.TestCase):
    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="check_layers_")
        self.root = pathlib.Path(self._dir.name)

    def tearDown(self) -> None:
        self._dir.cleanup()

    def write(self, rel: str, *includes: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["// test file", "#pragma once", ""]
        lines += [f"#include {inc}" for inc in includes]
        path.write_text("\n".join(lines) + "\n")

    def clean_tree(self) -> None:
        self.write("sim/core/time.h", "<cstdint>")
        self.write("models/rate.h", '"sim/core/time.h"')
        self.write("sim/cri/types.h", '"sim/core/time.h"', '"models/rate.h"')
        self.write("sim/kubelet/event_type.h", "<cstdint>")
        self.write("sim/kubelet/observations.h", '"sim/kubelet/event_type.h"')
        self.write("sim/workload/churn.h", '"sim/cri/types.h"')
        self.write("sim/record/summary.h", '"sim/kubelet/observations.h"')
        self.write("sim/scenario/scenario.h", '"sim/workload/churn.h"')
        self.write("sim/run/simulation.h", '"sim/scenario/scenario.h"', '"sim/record/summary.h"')
        self.write("include/plegsim/simulation.h", '"sim/run/simulation.h"')
        self.write("sim/cli/run.cpp", "<iostream>", '"sim/cli/options.h"',
                   '"plegsim/simulation.h"')
        self.write("sim/cli/options.h", "<string>")
        self.write("python/src/bindings.h", "<pybind11/pybind11.h>")
        self.write("python/src/module.cpp", '"bindings.h"', '"plegsim/simulation.h"')


class CleanTrees(TempTree):
    def test_a_tree_whose_includes_point_down_passes(self) -> None:
        self.clean_tree()
        r = run_checker(self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("all allowed", r.stdout)

    def test_the_allowed_edges_are_acyclic(self) -> None:
        self.assertIsNone(check_layers.find_cycle())

    def test_a_cycle_in_the_table_is_found(self) -> None:
        layers = dict(check_layers.LAYERS)
        folder, prefix, deps = layers["workload"]
        layers["workload"] = (folder, prefix, deps | {"scenario"})
        cycle = check_layers.find_cycle(layers)
        self.assertIsNotNone(cycle)
        self.assertEqual(cycle[0], cycle[-1])
        self.assertIn("workload", cycle)
        self.assertIn("scenario", cycle)


class PlantedViolations(TempTree):
    def assert_fails(self, needle: str) -> str:
        r = run_checker(self.root)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(needle, r.stderr)
        return r.stderr

    def test_a_back_edge_fails_naming_file_line_and_edge(self) -> None:
        self.clean_tree()
        # The cycle issue 14 names: workload/churn.h including scenario/scenario.h.
        self.write("sim/workload/churn.h", '"sim/cri/types.h"', '"sim/scenario/scenario.h"')
        err = self.assert_fails("sim/workload/churn.h:5: layer 'workload' may not include "
                                "'scenario' (sim/scenario/scenario.h)")
        self.assertIn("1 include(s) break the layering", err)

    def test_a_back_edge_in_angle_brackets_fails_too(self) -> None:
        self.clean_tree()
        self.write("sim/kubelet/events.h", "<sim/record/summary.h>")
        self.assert_fails("layer 'kubelet' may not include 'record'")

    def test_the_command_may_not_include_internals(self) -> None:
        self.clean_tree()
        self.write("sim/cli/report.cpp", '"plegsim/simulation.h"', '"sim/record/summary.h"')
        self.assert_fails("layer 'cli' may not include 'record'")

    def test_the_python_module_may_not_include_internals(self) -> None:
        self.clean_tree()
        self.write("python/src/columns.cpp", '"bindings.h"', '"sim/cri/types.h"')
        self.assert_fails("layer 'python' may not include 'cri'")

    def test_a_folder_no_layer_owns_fails(self) -> None:
        self.clean_tree()
        # sim/scenario/scenario.h once named a sim/scenario/build that did not exist.
        self.write("sim/run/sweep.h", '"sim/build/simulation.h"')
        self.assert_fails('#include "sim/build/simulation.h" is in no known layer')

    def test_a_new_folder_must_join_a_layer(self) -> None:
        self.clean_tree()
        self.write("sim/build/simulation.h", '"sim/run/simulation.h"')
        self.assert_fails("sim/build/: a folder no layer owns")


class TheRealTree(unittest.TestCase):
    """A copy of this checkout's sources: clean as committed, failing once an upward
    include is planted in it."""

    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="check_layers_repo_")
        self.root = pathlib.Path(self._dir.name)
        for folder, _, _ in check_layers.LAYERS.values():
            src = REPO / folder
            if src.is_dir():
                shutil.copytree(src, self.root / folder, dirs_exist_ok=True)

    def tearDown(self) -> None:
        self._dir.cleanup()

    def test_the_checkout_passes(self) -> None:
        r = run_checker(self.root)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_a_planted_back_edge_fails(self) -> None:
        target = self.root / "sim/kubelet/event_type.h"
        self.assertTrue(target.is_file())
        with target.open("a") as f:
            f.write('#include "sim/run/simulation.h"\n')
        r = run_checker(self.root)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("sim/kubelet/event_type.h", r.stderr)
        self.assertIn("layer 'kubelet' may not include 'run'", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
