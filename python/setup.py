"""Builds plegsim._core with the project's CMake build, so pip and CMake compile the
same sources with the same flags. The repository must surround this folder (pip's
in-tree build of ./python); see docs/python.md."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    m = re.search(r"project\(plegsim\s+VERSION\s+([0-9.]+)", text)
    return m.group(1) if m else "0.0.0"


class CMakeBuild(build_ext):
    """Configures the repository with CMake (no tests, no benchmarks) for this
    interpreter and builds only the extension target."""

    def build_extension(self, ext: Extension) -> None:
        if not (ROOT / "CMakeLists.txt").exists():
            raise RuntimeError(f"{ROOT} is not a plegsim checkout: build from the repository "
                               "(pip install --no-build-isolation ./python)")
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        args = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DPLEGSIM_TESTS=OFF", "-DPLEGSIM_BENCH=OFF", "-DPLEGSIM_PYTHON=ON",
            "-DPLEGSIM_WERROR=OFF",
            f"-DPLEGSIM_PYTHON_EXECUTABLE={sys.executable}",
        ]
        try:  # prefer this interpreter's pybind11 (python3-pybind11) when it has CMake files
            import pybind11

            args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass
        if shutil.which("ninja"):
            args += ["-G", "Ninja"]
        subprocess.run(args, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "plegsim_py_ext",
                        "-j", jobs], check=True)
        built = sorted((build_dir / "python" / "plegsim").glob("_core*.so"))
        if not built:
            raise RuntimeError(f"the CMake build produced no plegsim/_core*.so in {build_dir}")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[-1], target)


setup(
    version=project_version(),
    ext_modules=[Extension("plegsim._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
