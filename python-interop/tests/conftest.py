"""Fixtures: the real Java server jar on a free port (always stopped with SIGTERM, exit 0 asserted),
the reference Python servers, and skipping the tests of a Java service not yet on main."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from checks import require_landed
from polyglot_interop.clients import ContactClient, FileClient, GcnClient
from polyglot_interop.gen import gcn_pb2
from servers import (
    REPO, RunningServer, start, start_java_server, start_python_server, stopped_cleanly,
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
    if not GO_REFSERVER.exists():
        pytest.skip("waiting for go-interop (scripts/go-refserver) on main")
    if shutil.which("go") is None:
        pytest.skip("needs the Go toolchain to build the Go reference server")
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

# The services whose Java implementations land on main separately (issues 3, 4, 5): one cheap
# call each. The foundation's placeholders answer UNIMPLEMENTED; any other outcome, even an
# error status, means the real service is there.
_LANDING_PROBES = {
    "FileController": lambda channel: FileClient(channel).list(""),
    "GCNService": lambda channel: GcnClient(channel).process(gcn_pb2.GraphData()),
    "Contact": lambda channel: ContactClient(channel).task_status("landing-probe"),
}


@pytest.fixture(scope="session")
def landed_services(channel: grpc.Channel) -> frozenset[str]:
    """The services the Java server under test really implements."""
    landed = set()
    for service, probe in _LANDING_PROBES.items():
        try:
            probe(channel)
        except grpc.RpcError as e:
            if e.code() == grpc.StatusCode.UNIMPLEMENTED:
                continue
        landed.add(service)
    return frozenset(landed)


@pytest.fixture(autouse=True)
def _skip_until_landed(request: pytest.FixtureRequest) -> None:
    """Honours ``@pytest.mark.needs("Service", ...)``: see checks.require_landed."""
    marker = request.node.get_closest_marker("needs")
    if marker is not None:
        require_landed(request, *marker.args)
