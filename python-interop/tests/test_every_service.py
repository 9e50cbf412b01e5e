"""docs/services.md "Every service": malformed input, health while shutting down, reflection."""

from __future__ import annotations

import signal
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from servers import start_java_server, stopped_cleanly

from polyglot_interop.clients import HelloClient, error_details

UNARY_METHODS = ["/go_protoc.HelloService/Hello", "/helloworld.Greeter/Square", "/muxs.Greeter/SayHello",
                 "/muxs.FileController/Read", "/GCNService/ProcessGraph", "/Contact/submitTask"]
GARBAGE = b"\xff\xff\xff\xff\x0f"  # a field tag with an invalid wire type, then a truncated varint


@pytest.mark.parametrize("method", UNARY_METHODS)
def test_malformed_requests_get_a_status_not_a_crash(channel: grpc.Channel, method: str) -> None:
    raw = channel.unary_unary(method)  # no serializers: the bytes go out as they are
    with pytest.raises(grpc.RpcError) as failure:
        raw(GARBAGE, timeout=10)
    # docs/bad-input.md: the request guard answers INVALID_ARGUMENT naming the message, with
    # ErrorInfo MALFORMED_MESSAGE (docs/errors.md), never gRPC's own UNKNOWN or INTERNAL.
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT, failure.value.details()
    details = failure.value.details() or ""
    # ProcessGraph parses its own wire format lazily (docs/gcn.md): the service refuses it.
    prefix, reason = (("request is not a valid GraphData: ", "MALFORMED_GRAPH")
                      if method == "/GCNService/ProcessGraph"
                      else (f"request message 1 of {method[1:]}: not a valid ", "MALFORMED_MESSAGE"))
    assert details.startswith(prefix), details
    assert "\tat " not in details and "Exception" not in details, "stack trace leaked to the caller"
    rich = error_details(failure.value)
    assert rich is not None and (rich.reason, rich.domain) == (reason, "grpc-polyglot.dev")
    assert HelloClient(channel).hello("still here") == "hello:still here"


def test_reflection_lists_every_service(channel: grpc.Channel) -> None:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    replies = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                                        timeout=10)
    names = {s.name for reply in replies for s in reply.list_services_response.service}
    assert {"go_protoc.HelloService", "helloworld.Greeter", "muxs.Greeter", "muxs.FileController",
            "GCNService", "Contact", "grpc.health.v1.Health"} <= names


def test_health_turns_not_serving_when_the_server_shuts_down(tmp_path: Path) -> None:
    server = start_java_server(tmp_path)
    try:
        with server.channel() as channel:
            watch = health_pb2_grpc.HealthStub(channel).Watch(
                health_pb2.HealthCheckRequest(service="GCNService"), timeout=60)
            assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
            server.process.send_signal(signal.SIGTERM)
            assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
    finally:
        stopped_cleanly(server)
