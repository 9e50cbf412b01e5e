"""The package installs as a Python user installs it: into a fresh venv, from the folder or from a
wheel built by ``python -m build``, with its stubs and the ``polyglot-interop`` command, and that
command talks to the real Java server. The dependencies are held to requirements.lock
(PIP_CONSTRAINT, which pip also applies inside the isolated build environment)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from servers import REPO, RunningServer

PACKAGE = REPO / "python-interop"
# A cold pip cache downloads grpcio & co. and the build requirements: be patient.
INSTALL_TIMEOUT = 600


def _pip_env() -> dict[str, str]:
    return {**os.environ, "PIP_CONSTRAINT": str(PACKAGE / "requirements.lock"),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _fresh_venv(path: Path) -> Path:
    venv.create(path, with_pip=True)
    return path / "bin"


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=_pip_env(), capture_output=True, text=True,
                            timeout=INSTALL_TIMEOUT)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _copy_of_the_package(into: Path) -> Path:
    """python-interop and proto/ copied beside each other as in the clone, without what earlier
    builds and the dev venv left: builds write build/ and *.egg-info next to setup.py, so they
    run in the copy and the clone stays as it was (and no stale build/ leaks into a wheel)."""
    leftovers = shutil.ignore_patterns(".venv", "build", "dist", "*.egg-info", "__pycache__",
                                       ".pytest_cache", "gen")
    shutil.copytree(REPO / "proto", into / "proto")
    return Path(shutil.copytree(PACKAGE, into / "python-interop", ignore=leftovers))


def _assert_installed_package_works(bin_dir: Path, server: RunningServer, cwd: Path) -> None:
    # Run outside the clone, so nothing can come from src/ instead of the installed package.
    stubs = _run([str(bin_dir / "python"), "-c",
                  "import polyglot_interop.gen.muxs_pb2 as m, polyglot_interop, sys;"
                  "print(m.DESCRIPTOR.name, polyglot_interop.__file__)"], cwd)
    name, location = stubs.stdout.split()
    assert name == "muxs.proto" and str(bin_dir.parent) in location
    hello = _run([str(bin_dir / "polyglot-interop"), "--target", server.address, "hello"], cwd)
    assert hello.stdout.splitlines() == ['go_protoc.HelloService/Hello("test") -> hello:test']
    gcn = _run([str(bin_dir / "polyglot-interop"), "--target", server.address, "gcn"], cwd)
    assert gcn.stdout.splitlines()[0].endswith("-> node1=0.586618, node2=0.586618")


@pytest.mark.timeout(2 * INSTALL_TIMEOUT)
def test_pip_install_and_the_python_build_wheel_give_stubs_and_the_command(
        java_server: RunningServer, tmp_path: Path) -> None:
    package = _copy_of_the_package(tmp_path / "clone")
    # 1. pip install ./python-interop into a fresh venv: the isolated build a user's pip runs.
    bin_dir = _fresh_venv(tmp_path / "venv")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(package)], tmp_path)
    _assert_installed_package_works(bin_dir, java_server, tmp_path)
    # 2. python -m build makes the sdist, then the wheel from the unpacked sdist alone: this
    # proves the sdist carries the protos the stubs are generated from. --no-isolation builds
    # with the lock's setuptools and grpcio-tools (in this venv) instead of fetching them again.
    # The wheel then replaces the package in the same venv (its dependencies are there).
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(package)],
         tmp_path)
    wheels = list(dist.glob("polyglot_interop-*.whl"))
    assert len(wheels) == 1 and len(list(dist.glob("polyglot_interop-*.tar.gz"))) == 1
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--force-reinstall",
          "--no-deps", str(wheels[0])], tmp_path)
    _assert_installed_package_works(bin_dir, java_server, tmp_path)
