"""Builds the dyad Python package (doc/python.md; metadata in pyproject.toml).

The extension module dyad._dyad is a CMake target of the repository (python/CMakeLists.txt),
so this file does not compile anything itself: build_ext configures the CMake build in
$DYAD_BUILD_DIR (default: build/, the tree `scripts/setup.sh` and the README use, so an
existing build is reused and only what changed is rebuilt), builds the `_dyad` target, and
copies the module into the wheel next to the pure-Python files of python/dyad/.

The module uses the model, dictionaries and gazetteer of this checkout and build tree,
as build/dyad does: keep the repository where it was built (or set $DYAD_MODEL,
$DYAD_DICT, $DYAD_GAZETTEER).
"""

import glob
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.environ.get("DYAD_BUILD_DIR") or os.path.join(ROOT, "build")
        configure = ["cmake", "-S", ROOT, "-B", build_dir,
                     "-DPython_EXECUTABLE=" + os.path.realpath(sys.executable)]
        if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
            configure.append("-DCMAKE_BUILD_TYPE=Release")
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", build_dir, "--target", "_dyad", "-j", jobs],
                       check=True)
        built = glob.glob(os.path.join(build_dir, "python", "dyad", "_dyad*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one _dyad module in {build_dir}/python/dyad, found {built}")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    package_dir={"": "python"},
    packages=["dyad"],
    package_data={"dyad": ["py.typed", "*.pyi"]},
    ext_modules=[Extension("dyad._dyad", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": os.path.join("build", "setuptools")}},
    zip_safe=False,
)
