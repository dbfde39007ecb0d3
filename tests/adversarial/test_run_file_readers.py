"""Run-file readers against corrupt and foreign files (issue 16, "Found" 5): byte-flipped
copies of a real run file, a foreign HDF5 file, an old-format file and a newer
format_version. `plegsim report` and `plegsim.load_result` must answer each with the
summary or a clear error (exit code 2 / RunFileError), never a signal.

The default run flips 200 copies; PLEGSIM_FLIP_FILES=N runs more (the `fuzz` label's
long run uses 5000).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

PLEGSIM = os.environ.get("PLEGSIM_BIN", "build/ci/plegsim")
FLIPS = int(os.environ.get("PLEGSIM_FLIP_FILES", "200"))


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("run") / "base.h5"
    r = subprocess.run([PLEGSIM, "run", "--duration", "20m", "-o", str(path), "--events"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return path


def flipped_copies(src, out_dir, n, seed):
    data = src.read_bytes()
    rng = random.Random(seed)
    for i in range(n):
        b = bytearray(data)
        for _ in range(rng.choice([1, 1, 2, 4, 8])):
            pos = rng.randrange(len(b))
            b[pos] ^= 1 << rng.randrange(8)
        p = out_dir / f"flip{i}.h5"
        p.write_bytes(bytes(b))
        yield p


def test_report_never_dies_of_a_flipped_byte(run_file, tmp_path):
    outcomes = {}
    for p in flipped_copies(run_file, tmp_path, FLIPS, seed=7):
        r = subprocess.run([PLEGSIM, "report", str(p), "--json"], capture_output=True,
                           text=True, timeout=60)
        outcomes[r.returncode] = outcomes.get(r.returncode, 0) + 1
        assert r.returncode in (0, 2), (p.name, r.returncode, r.stderr[-500:])
        if r.returncode == 2:
            assert str(p) in r.stderr
        p.unlink()
    assert outcomes.get(2, 0) > 0, outcomes  # corruption is detected, not only survived


PY_LOADER = """
import sys, plegsim
try:
    plegsim.load_result(sys.argv[1]).summary
except plegsim.RunFileError as e:
    print(e, file=sys.stderr); sys.exit(2)
"""


def test_load_result_never_dies_of_a_flipped_byte(run_file, tmp_path):
    for p in flipped_copies(run_file, tmp_path, max(FLIPS // 4, 20), seed=11):
        r = subprocess.run([sys.executable, "-c", PY_LOADER, str(p)], capture_output=True,
                           text=True, timeout=60)
        assert r.returncode in (0, 2), (p.name, r.returncode, r.stderr[-500:])
        p.unlink()


h5py = pytest.importorskip("h5py")


def test_foreign_old_and_newer_files_are_exit_2(tmp_path):
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w", libver="latest") as f:
        f["x"] = [1, 2, 3]
    r = subprocess.run([PLEGSIM, "report", str(foreign)], capture_output=True, text=True)
    assert r.returncode == 2 and "not a plegsim run file" in r.stderr, r.stderr
    r = subprocess.run([sys.executable, "-m", "plegsim.report", str(foreign)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "not a plegsim run file" in r.stderr, r.stderr

    old = tmp_path / "old.h5"
    with h5py.File(old, "w", libver="earliest") as f:
        f.attrs["format"] = "plegsim run"
        f.attrs["format_version"] = 1
    r = subprocess.run([PLEGSIM, "report", str(old)], capture_output=True, text=True)
    assert r.returncode == 2 and "without metadata checksums" in r.stderr, r.stderr

    newer = tmp_path / "newer.h5"
    with h5py.File(newer, "w", libver="latest") as f:
        f.attrs["format"] = "plegsim run"
        f.attrs["format_version"] = 99
    r = subprocess.run([PLEGSIM, "report", str(newer)], capture_output=True, text=True)
    assert r.returncode == 2 and "format_version 99" in r.stderr, r.stderr
