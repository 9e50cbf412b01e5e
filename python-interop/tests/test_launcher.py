"""scripts/server, the command the README starts the server with.

It loads the jar's native libraries (Netty's epoll transport, SQLite's driver) from the folder
scripts/build unpacked them into; without that, every start copies them out of the jar into the
temp dir (and a start where the temp dir is mounted noexec loses its embedded task store).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import REPO, start, stopped_cleanly

from polyglot_interop.clients import ContactClient, HelloClient


def test_the_launcher_writes_no_native_library_into_the_temp_dir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("JAVA_OPTS", f"-Djava.io.tmpdir={temp}")
    server = start([str(REPO / "scripts" / "server"), "--port", "0",
                    "--data-dir", str(tmp_path / "data"), "--files-root", str(tmp_path / "files")],
                   tmp_path / "server.stderr")
    try:
        with server.channel() as channel:
            assert HelloClient(channel).hello("launcher") == "hello:launcher"
            task_id = ContactClient(channel).submit_task("stored by SQLite")
            assert ContactClient(channel).task_status(task_id).task == "stored by SQLite"
        written = sorted(path.name for path in temp.rglob("*") if path.suffix == ".so")
        assert written == [], f"native libraries copied into the temp dir: {written}"
    finally:
        stopped_cleanly(server)
