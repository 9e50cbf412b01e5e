"""Build hooks: the gRPC stubs are generated from the .proto files while the package is built.

pyproject.toml holds all the metadata; this file only adds two steps to setuptools:
- build_py (every wheel, so also ``pip install ./python-interop``) runs grpc_tools.protoc over
  the protos into the built package's ``polyglot_interop/gen`` (tools/generate_stubs.py);
- sdist copies the repository's ``proto/*.proto`` (and grpc's interop protos in
  ``proto/grpc/testing``) into the sdist's ``proto/`` folder, so a wheel
  built from the sdist alone (``python -m build`` does exactly that) finds them.
Editable installs skip the generation: scripts/setup-python generates into src/ for those.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "tools"))
import generate_stubs  # noqa: E402  (tools/ is not a package; it ships in the sdist)


class BuildPyWithStubs(build_py):
    """build_py, then the stubs generated into the build's polyglot_interop/gen."""

    def run(self) -> None:
        super().run()
        if self.editable_mode or self.dry_run:
            return
        out_dir = Path(self.build_lib) / "polyglot_interop" / "gen"
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        generate_stubs.generate(out_dir, generate_stubs.find_proto_dir())


class SdistWithProtos(sdist):
    """sdist, with the protos the stubs are generated from copied in."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        target = Path(base_dir) / "proto"
        target.mkdir(exist_ok=True)
        proto_dir = generate_stubs.find_proto_dir()
        for proto in generate_stubs.proto_files(proto_dir):
            shutil.copy2(proto, target / proto.name)
        interop = target / generate_stubs.INTEROP_PROTOS
        interop.mkdir(parents=True, exist_ok=True)
        for proto in generate_stubs.interop_proto_files(proto_dir):
            shutil.copy2(proto, interop / proto.name)


setup(cmdclass={"build_py": BuildPyWithStubs, "sdist": SdistWithProtos})
