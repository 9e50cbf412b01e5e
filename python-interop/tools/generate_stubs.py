"""Generates the Python stubs of every ``proto/*.proto`` into ``src/polyglot_interop/gen``.

The stubs are build output, never committed (docs/python.md, "Stubs"): scripts/setup-python runs
this for the development venv (an editable install), and setup.py's build step calls generate()
for every wheel, so ``pip install ./python-interop`` ships them.

protoc writes ``import muxs_pb2 as muxs__pb2`` in each ``*_pb2_grpc.py``: a top-level import that
only works when the generated folder itself is on ``sys.path``. We rewrite those lines to relative
imports so the stubs live inside the ``polyglot_interop.gen`` package while the ``.proto`` file
names registered in the descriptor pool stay the plain ``muxs.proto`` etc. (what reflection shows,
and what the other languages register too).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

HERE = Path(__file__).resolve().parent
# The repository's proto/ (a clone), or the copy an sdist carries (setup.py puts it there).
PROTO_DIRS = (HERE.parent.parent / "proto", HERE.parent / "proto")
GEN_DIR = HERE.parent / "src" / "polyglot_interop" / "gen"
INIT_TEXT = '"""Stubs generated from proto/ by tools/generate_stubs.py (git-ignored). Do not edit."""\n'
# protoc's flat import of a sibling generated module (only our own *_pb2 modules match).
FLAT_IMPORT = re.compile(r"^import (\w+_pb2) as (\w+)$", re.MULTILINE)
# grpc's interop protos (proto/grpc/testing, package grpc.testing) import each other as
# ``from grpc.testing import x_pb2``, which would resolve into the grpc library itself: they are
# generated into gen/grpc/testing and those imports made relative too.
INTEROP_PROTOS = "grpc/testing"
INTEROP_IMPORT = re.compile(r"^from grpc\.testing import (\w+_pb2) as (\w+)$", re.MULTILINE)


def find_proto_dir() -> Path:
    """The folder holding the .proto files: proto/ of the clone, else the sdist's copy."""
    for candidate in PROTO_DIRS:
        if proto_files(candidate):
            return candidate
    raise SystemExit(f"no .proto files in {' or '.join(str(d) for d in PROTO_DIRS)}")


def proto_files(proto_dir: Path) -> list[Path]:
    return sorted(proto_dir.glob("*.proto"))


def typed_grpc_plugin() -> str:
    """protoc's flag for mypy-protobuf's grpc plugin: typed ``*_pb2_grpc.pyi`` beside the stubs.

    grpcio-tools types the messages (``--pyi_out``) but not the stubs and servicers; without these
    files every call through a stub returns ``Any`` to mypy and to a user's editor.
    """
    name = "protoc-gen-mypy_grpc"
    plugin = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if plugin is None:
        raise SystemExit(f"{name} not found: install mypy-protobuf (pinned in requirements.lock)")
    return f"--plugin={name}={plugin}"


def run_protoc(args: list[str], protos: list[str]) -> None:
    """Runs protoc in-process, its plugins' chatter (``Writing mypy to ...``) shown only on failure."""
    with tempfile.TemporaryFile() as captured:
        saved = os.dup(2)
        sys.stderr.flush()
        os.dup2(captured.fileno(), 2)
        try:
            status = protoc.main(args)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        if status != 0:
            captured.seek(0)
            sys.stderr.write(captured.read().decode(errors="replace"))
            raise SystemExit(f"protoc failed on {protos}")


def generate(out_dir: Path, proto_dir: Path) -> list[str]:
    """Runs grpc_tools.protoc on every proto file into out_dir; returns the proto file names."""
    protos = [p.name for p in proto_files(proto_dir)]
    # grpc_tools ships the well-known types (google/protobuf/*.proto, e.g. addressbook.proto's
    # Timestamp) of its own protoc release; protoc.main does not add them by itself.
    well_known = resources.files("grpc_tools") / "_proto"
    args = ["grpc_tools.protoc", f"-I{proto_dir}", f"-I{well_known}", f"--python_out={out_dir}",
            f"--pyi_out={out_dir}", f"--grpc_python_out={out_dir}", typed_grpc_plugin(),
            f"--mypy_grpc_out={out_dir}", *protos]
    run_protoc(args, protos)
    for generated in out_dir.glob("*_pb2*.py*"):  # the .pyi stubs import each other too
        text = generated.read_text()
        generated.write_text(FLAT_IMPORT.sub(r"from . import \1 as \2", text))
    (out_dir / "__init__.py").write_text(INIT_TEXT)
    return protos + generate_interop(out_dir, proto_dir)


def interop_proto_files(proto_dir: Path) -> list[Path]:
    """grpc's interop protos (proto/grpc/testing), kept in their own folder and package."""
    return sorted((proto_dir / INTEROP_PROTOS).glob("*.proto"))


def generate_interop(out_dir: Path, proto_dir: Path) -> list[str]:
    """The interop protos into out_dir/grpc/testing, with package-relative imports."""
    protos = [f"{INTEROP_PROTOS}/{p.name}" for p in interop_proto_files(proto_dir)]
    args = ["grpc_tools.protoc", f"-I{proto_dir}", f"--python_out={out_dir}",
            f"--pyi_out={out_dir}", f"--grpc_python_out={out_dir}", typed_grpc_plugin(),
            f"--mypy_grpc_out={out_dir}", *protos]
    run_protoc(args, protos)
    package = out_dir / INTEROP_PROTOS
    for generated in package.glob("*_pb2*.py*"):
        generated.write_text(INTEROP_IMPORT.sub(r"from . import \1 as \2", generated.read_text()))
    for folder in (package.parent, package):
        (folder / "__init__.py").write_text(INIT_TEXT)
    return protos


def main() -> int:
    # Generate beside the target, then swap: a failed run never leaves a half-written package.
    GEN_DIR.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=GEN_DIR.parent) as tmp:
        fresh = Path(tmp) / "gen"
        fresh.mkdir()
        protos = generate(fresh, find_proto_dir())
        shutil.rmtree(GEN_DIR, ignore_errors=True)
        fresh.rename(GEN_DIR)
    print(f"generated stubs for {', '.join(protos)} into {GEN_DIR.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
