"""Contact's embedded store on a real full disk (a small tmpfs): whole batches are refused with
RESOURCE_EXHAUSTED, every answered task stays, and the server keeps serving."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from servers import RunningServer, server_jar, start, stopped_cleanly
from small_disk import unshare_command

from polyglot_interop.clients import ContactClient
from polyglot_interop.gen import contact_pb2

DISK_BYTES = 1 << 20
BATCH = 500
MAX_BATCHES = 200  # 100 bytes a task: the disk is full long before


@pytest.fixture
def small_disk_server(tmp_path: Path) -> Iterator[RunningServer]:
    """The Java server whose --data-dir is a 1 MiB tmpfs in the server's own mount namespace."""
    unshare = unshare_command()
    data = tmp_path / "data"
    data.mkdir()
    script = (f'mount -t tmpfs -o size={DISK_BYTES} tmpfs "$0" && exec java -jar "$1" --port 0'
              f' --files-root "$2" --data-dir "$0"')
    server = start([*unshare, "sh", "-c", script, str(data),
                    str(server_jar()), str(tmp_path / "files")], tmp_path / "java-server.stderr")
    yield server
    stopped_cleanly(server)


def test_a_full_disk_refuses_whole_batches_and_keeps_the_answered_ones(
        small_disk_server: RunningServer) -> None:
    with small_disk_server.channel() as channel:
        contact = ContactClient(channel, timeout=60)
        answered: dict[str, str] = {}
        refused = None
        for b in range(MAX_BATCHES):
            texts = [f"batch {b} task {i} " + "x" * 80 for i in range(BATCH)]
            try:
                ids = contact.submit_task_batch(texts)
            except grpc.RpcError as e:
                refused = e
                break
            answered.update(zip(ids, texts, strict=True))
        assert refused is not None, "the 1 MiB disk never filled up"
        assert refused.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, refused.details()
        assert "disk is full" in refused.details()
        assert len(answered) >= BATCH, "some batches fit before the disk was full"
        # Every answered task is there; the server still answers.
        for task_id in (min(answered, key=int), max(answered, key=int)):
            status = contact.task_status(task_id)
            assert status.state == contact_pb2.TASK_STATE_QUEUED
            assert status.task == answered[task_id]
