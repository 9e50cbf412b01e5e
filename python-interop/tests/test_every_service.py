"""docs/services.md "Every service": malformed input, health while shutting down, reflection."""

from __future__ import annotations

import signal
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from servers import start_java_server, stopped_cleanly

from polyglot_interop.clients import HelloClient

UNARY_METHODS = ["/go_protoc.HelloService/Hello", "/helloworld.Greeter/Square", "/muxs.Greeter/SayHello",
                 "/muxs.FileController/Read", "/GCNService/ProcessGraph", "/Contact/submitTask"]
GARBAGE = b"\xff\xff\xff\xff\x0f"  # a field tag with an invalid wire type, then a truncated varint


@pytest.mark.parametrize("method", UNARY_METHODS)
def test_malformed_requests_get_a_status_not_a_crash(channel: grpc.Channel, method: str) -> None:
    raw = channel.unary_unary(method)  # no serializers: the bytes go out as they are
    with pytest.raises(grpc.RpcError) as failure:
        raw(GARBAGE, timeout=10)
    # grpc-java answers an unparsable request with UNKNOWN "Application error processing RPC";
    # what matters here: a status, no stack trace, and the server keeps serving.
    assert failure.value.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.INTERNAL,
                                    grpc.StatusCode.UNKNOWN)
    details = failure.value.details() or ""
    assert "\tat " not in details and "Exception" not in details, "stack trace leaked to the caller"
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
