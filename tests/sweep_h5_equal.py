#!/usr/bin/python3
"""Exit 0 when two sweep HDF5 files (plegsim sweep -o X.h5) hold the same tables and
root attributes: the same column names and types, every cell equal (NaN equal to NaN),
and the same attributes but plegsim_git_revision. Used by tests/CMakeLists.txt.

    sweep_h5_equal.py A.h5 B.h5
"""

import sys

import h5py
import numpy as np


def table(f, name):
    return f[name][()]


def same_cells(a, b):
    if a.dtype.names != b.dtype.names or a.shape != b.shape:
        return False
    for col in a.dtype.names:
        x, y = a[col], b[col]
        if x.dtype.kind == "f":
            if not np.array_equal(x, y, equal_nan=True):
                return False
        elif not np.array_equal(x, y):
            return False
    return True


def main(a_path, b_path):
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        if a.attrs["format"] != "plegsim sweep":
            print(f"{a_path}: not a sweep file")
            return 1
        keys = set(a.attrs) | set(b.attrs)
        for k in sorted(keys - {"plegsim_git_revision"}):
            if k not in a.attrs or k not in b.attrs:
                print(f"attribute {k} in one file only")
                return 1
            if not np.array_equal(np.asarray(a.attrs[k]), np.asarray(b.attrs[k])):
                print(f"attribute {k}: {a.attrs[k]!r} != {b.attrs[k]!r}")
                return 1
        for name in ("runs", "points"):
            ta, tb = table(a, name), table(b, name)
            if not same_cells(ta, tb):
                print(f"table {name} differs:\n{ta}\n{tb}")
                return 1
            print(f"{name}: {len(ta)} rows, {len(ta.dtype.names)} columns, identical")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
