"""Client of ``/go_protoc.HelloService``."""

from __future__ import annotations

import grpc

from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT, Client, logged_failure
from polyglot_interop.gen import hello_service_pb2, hello_service_pb2_grpc


class HelloClient(Client):
    """Calls ``go_protoc.HelloService``: ``hello("test")`` returns ``"hello:test"``."""

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        super().__init__(timeout)
        self._stub = hello_service_pb2_grpc.HelloServiceStub(channel)

    def hello(self, value: str, *, timeout: float | None = None) -> str:
        """Returns ``"hello:" + value``."""
        with logged_failure("go_protoc.HelloService/Hello"):
            reply = self._stub.Hello(hello_service_pb2.String(value=value),
                                     timeout=self._deadline(timeout))
        return reply.value
