"""The plegsim command's outputs, attacked as issue 16 found them ("Found" 1 and the
output parts of 4 and 6): a device, a FIFO, a planted link, two outputs on one path, a
directory or a missing directory as the target. Each must be refused with exit code 2
before anything is simulated, leaving the target as it was.

Run by CTest (`adversarial_cli`) with PLEGSIM_BIN set to the built command.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import time

import pytest

PLEGSIM = os.environ.get("PLEGSIM_BIN", "build/ci/plegsim")
# A run long enough that finishing it within the timeout means it was refused first.
LONG = ["--duration", "5000h"]


def plegsim(*args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run([PLEGSIM, *args], capture_output=True, text=True, timeout=timeout)


def refused(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr)
    for w in words:
        assert w in r.stderr, r.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_device_node_is_not_replaced(tmp_path):
    node = tmp_path / "mynull"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    refused(plegsim("run", *LONG, "-o", str(node)), "not a regular file", str(node))
    refused(plegsim("run", *LONG, "--metrics", str(node)), "not a regular file")
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mynull"]


def test_dev_null_is_refused_and_stays_a_device():
    refused(plegsim("run", *LONG, "-o", "/dev/null"), "/dev/null", "not a regular file")
    refused(plegsim("sweep", "--axis", "node.pods=2", "-r", "1", *LONG, "-o", "/dev/null"),
            "not a regular file")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.prom"
    os.mkfifo(fifo)
    refused(plegsim("run", *LONG, "--metrics", str(fifo), timeout=10), "not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_at_the_target_is_refused_and_its_target_untouched(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("precious\n")
    (tmp_path / "victim.h5").symlink_to(target)
    (tmp_path / "stdout.h5").symlink_to("/proc/self/fd/1")
    refused(plegsim("run", *LONG, "-o", str(tmp_path / "victim.h5")), "symbolic link")
    refused(plegsim("run", *LONG, "-o", str(tmp_path / "stdout.h5")), "symbolic link")
    assert target.read_text() == "precious\n"
    assert (tmp_path / "victim.h5").is_symlink()


def test_temporary_names_cannot_be_predicted_from_the_pid(tmp_path):
    """The old attack: plant `victim.h5.tmp-<pid>` as a link. Names now carry 64 random
    bits and are created with O_EXCL, so a planted name is neither guessed nor followed."""
    proc = subprocess.Popen([PLEGSIM, "run", *LONG, "-o", str(tmp_path / "victim.h5")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        temps = []
        while time.time() < deadline and not temps:
            temps = [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]
            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert len(temps) == 1, temps
    assert re.fullmatch(r"victim\.h5\.tmp-[0-9a-f]{16}", temps[0]), temps
    assert str(proc.pid) not in temps[0]


def test_two_outputs_on_one_path_are_an_error(tmp_path):
    x = tmp_path / "x"
    refused(plegsim("run", *LONG, "-o", str(x), "--metrics", str(x)),
            "-o and --metrics name the same file")
    refused(plegsim("run", *LONG, "-o", str(x), "--metrics", str(tmp_path / "." / "x")),
            "same file")
    assert list(tmp_path.iterdir()) == []


def test_a_directory_or_missing_directory_is_refused_before_simulating(tmp_path):
    refused(plegsim("run", *LONG, "-o", str(tmp_path)), "is a directory")
    refused(plegsim("run", *LONG, "-o", str(tmp_path / "no" / "x.h5")), "cannot write")
    refused(plegsim("sweep", "--axis", "node.pods=2,3", "-r", "3", *LONG,
                    "-o", str(tmp_path / "no" / "x.csv")), "cannot write")
    refused(plegsim("sweep", "--axis", "node.pods=2,3", "-r", "3", *LONG, "-o", str(tmp_path)),
            "is a directory")
    refused(plegsim("run", *LONG, "-o", "-"), "standard output")
    assert list(tmp_path.iterdir()) == []


def test_dash_writes_metrics_and_sweeps_to_standard_output(tmp_path):
    r = plegsim("run", "--duration", "6m", "--metrics", "-", "--json")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# HELP") and "kubelet_pleg_relist" in r.stdout
    assert '"relists"' in r.stderr  # the summary moved to standard error
    s = plegsim("sweep", "--axis", "node.pods=2", "-r", "1", "--duration", "6m", "-o", "-")
    assert s.returncode == 0, s.stderr
    assert s.stdout.startswith("point,node.pods")


def test_a_regular_file_is_replaced_atomically(tmp_path):
    out = tmp_path / "run.prom"
    out.write_text("old\n")
    r = plegsim("run", "--duration", "6m", "--metrics", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("# HELP")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.prom"]
