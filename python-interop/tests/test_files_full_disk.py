"""FileController's RESOURCE_EXHAUSTED rows: a real full disk (a small tmpfs) and the per-file limit."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from servers import RunningServer, server_jar, start, start_java_server, stopped_cleanly
from small_disk import unshare_command

from polyglot_interop.clients import FileClient

MIB = 1 << 20
DISK_BYTES = 4 * MIB


@pytest.fixture(scope="module")
def small_disk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The Java server whose files root is a 4 MiB tmpfs, private to the server's mount namespace
    (so nothing on the machine is mounted, and it disappears with the process)."""
    unshare = unshare_command()
    work = tmp_path_factory.mktemp("small-disk")
    root = work / "files"
    root.mkdir()
    script = (f'mount -t tmpfs -o size={DISK_BYTES} tmpfs "$0" && '
              'exec java -jar "$1" --port 0 --files-root "$0" --contact-store memory')
    server = start([*unshare, "sh", "-c", script, str(root),
                    str(server_jar())], work / "java-server.stderr")
    yield server
    stopped_cleanly(server)


def test_disk_full_is_resource_exhausted_and_the_old_file_is_untouched(
        small_disk_server: RunningServer) -> None:
    with small_disk_server.channel() as channel:
        files = FileClient(channel, timeout=60)
        files.write("keep.txt", "the old content")
        too_big = b"x" * (2 * DISK_BYTES)
        with pytest.raises(grpc.RpcError) as upload:
            files.upload("keep.txt", io.BytesIO(too_big), len(too_big))
        assert upload.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, upload.value.details()
        with pytest.raises(grpc.RpcError) as write:
            files.write("keep.txt", "y" * (2 * DISK_BYTES))
        assert write.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, write.value.details()
        assert files.read("keep.txt") == "the old content"
        # The failed attempts left no temp file eating the disk: a small write still fits.
        assert [e.name for e in files.list("")] == ["keep.txt"]
        files.write("after.txt", "z" * MIB)
        assert files.read("after.txt") == "z" * MIB


def test_a_file_over_the_servers_limit_is_resource_exhausted(tmp_path: Path) -> None:
    server = start_java_server(tmp_path, "--files-max-size", str(MIB))
    try:
        with server.channel() as channel:
            files = FileClient(channel, timeout=60)
            files.write("f.txt", "old")
            data = b"x" * (MIB + 1)
            for declared in (len(data), None):  # refused up front, or once the bytes exceed it
                with pytest.raises(grpc.RpcError) as failure:
                    files.upload("f.txt", io.BytesIO(data), declared)
                assert failure.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert files.read("f.txt") == "old"
    finally:
        stopped_cleanly(server)
