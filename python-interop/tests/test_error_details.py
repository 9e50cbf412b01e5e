"""The server's google.rpc.Status error details (docs/errors.md), decoded with grpcio-status:
the same three failures the Java and Go suites check, plus the CLI printing them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import grpc
import pytest
from servers import RunningServer, start_java_server, stopped_cleanly

from polyglot_interop.clients import ContactClient, ErrorDetails, FileClient, GcnClient, error_details

DOMAIN = "grpc-polyglot.dev"


@pytest.fixture(scope="module")
def small_queue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server of this module's own whose task queue holds one task."""
    server = start_java_server(tmp_path_factory.mktemp("error-details"), "--contact-max-queued", "1")
    yield server
    stopped_cleanly(server)


@pytest.fixture(scope="module")
def channel(small_queue_server: RunningServer) -> Iterator[grpc.Channel]:
    with small_queue_server.channel() as ch:
        yield ch


def failure_details(code: grpc.StatusCode, call) -> ErrorDetails:
    with pytest.raises(grpc.RpcError) as raised:
        call()
    assert raised.value.code() == code, raised.value.details()
    details = error_details(raised.value)
    assert details is not None, f"no details on {raised.value.code()}: {raised.value.details()}"
    return details


def test_an_unknown_edge_target_names_its_field_path(channel: grpc.Channel) -> None:
    details = failure_details(grpc.StatusCode.INVALID_ARGUMENT, lambda: GcnClient(channel, timeout=30)
                              .process_graph({"a": [1.0], "b": [2.0]}, [("a", "b"), ("b", "nowhere")]))
    assert details.reason == "UNKNOWN_NODE_ID"
    assert details.domain == DOMAIN
    assert [v.field for v in details.field_violations] == ["edges[1].target_id"]
    assert '"nowhere"' in details.field_violations[0].description
    assert details.retry_delay_seconds is None


def test_a_path_that_leaves_the_root_names_the_filename_field(channel: grpc.Channel) -> None:
    details = failure_details(grpc.StatusCode.INVALID_ARGUMENT,
                              lambda: FileClient(channel, timeout=30).read("../etc/passwd"))
    assert details.reason == "INVALID_PATH"
    assert details.domain == DOMAIN
    assert [v.field for v in details.field_violations] == ["filename"]


def test_a_full_queue_says_when_to_retry(small_queue_server: RunningServer, channel: grpc.Channel) -> None:
    contact = ContactClient(channel, timeout=30)
    contact.submit_task("upper first")
    details = failure_details(grpc.StatusCode.RESOURCE_EXHAUSTED,
                              lambda: contact.submit_task("upper second"))
    assert details.reason == "QUEUE_FULL"
    assert details.domain == DOMAIN
    assert details.retry_delay_seconds == 1.0
    assert details.lines() == ["  reason: QUEUE_FULL (domain grpc-polyglot.dev)",
                               "  retry after: 1.000s"]
    # The command-line client prints the same lines under its failure line.
    result = subprocess.run([sys.executable, "-m", "polyglot_interop", "--target",
                             small_queue_server.address, "submit", "upper third"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == details.lines(), result.stderr


def test_an_unknown_task_id_is_not_found_with_its_field(channel: grpc.Channel) -> None:
    details = failure_details(grpc.StatusCode.NOT_FOUND,
                              lambda: ContactClient(channel, timeout=30).task_status("424242"))
    assert details.reason == "TASK_NOT_FOUND"
    assert [v.field for v in details.field_violations] == ["task_id"]
