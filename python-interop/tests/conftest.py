"""Fixtures: the real Java server jar on a free port (always stopped with SIGTERM, exit 0 asserted),
the reference Python servers and the Go reference server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from servers import (
    REPO,
    RunningServer,
    start,
    start_java_server,
    start_python_server,
    stopped_cleanly,
)


@pytest.fixture(scope="session")
def java_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One Java server for the session's stateless tests."""
    server = start_java_server(tmp_path_factory.mktemp("java-server"))
    yield server
    stopped_cleanly(server)


@pytest.fixture(scope="session")
def files_root(java_server: RunningServer) -> Path:
    """The folder the session's Java server serves (to plant symlinks and check leftovers)."""
    return java_server.stderr_path.parent / "files"


@pytest.fixture(scope="session")
def channel(java_server: RunningServer) -> Iterator[grpc.Channel]:
    with java_server.channel() as ch:
        yield ch


@pytest.fixture(scope="session")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The reference Python server, grpc.server(ThreadPoolExecutor) style."""
    server = start_python_server(tmp_path_factory.mktemp("python-sync"), "sync")
    yield server
    stopped_cleanly(server)


@pytest.fixture(scope="session")
def aio_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The reference Python server, grpc.aio style."""
    server = start_python_server(tmp_path_factory.mktemp("python-aio"), "aio")
    yield server
    stopped_cleanly(server)


@pytest.fixture(scope="session")
def go_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The Go reference server (go-interop), built and started by scripts/go-refserver."""
    work = tmp_path_factory.mktemp("go-refserver")
    # The first run builds the server from the pinned Go module (downloads included): be patient.
    server = start([str(GO_REFSERVER), "--port", "0"], work / "go-refserver.stderr", timeout=600)
    yield server
    stopped_cleanly(server)


@pytest.fixture(scope="session")
def sync_channel(sync_server: RunningServer) -> Iterator[grpc.Channel]:
    with sync_server.channel() as ch:
        yield ch


@pytest.fixture(scope="session")
def aio_channel(aio_server: RunningServer) -> Iterator[grpc.Channel]:
    with aio_server.channel() as ch:
        yield ch


@pytest.fixture(scope="session")
def go_channel(go_server: RunningServer) -> Iterator[grpc.Channel]:
    with go_server.channel() as ch:
        yield ch


GO_REFSERVER = REPO / "scripts" / "go-refserver"
