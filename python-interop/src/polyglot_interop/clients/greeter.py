"""Clients of ``/helloworld.Greeter`` and the identical ``/muxs.Greeter``."""

from __future__ import annotations

from types import ModuleType

import grpc

from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT, Client, logged_failure
from polyglot_interop.gen import helloworld_pb2, helloworld_pb2_grpc, muxs_pb2, muxs_pb2_grpc


class _Greeter(Client):
    """The two Greeters share every message shape; only the proto package differs."""

    _service: str
    _messages: ModuleType

    def __init__(self, stub: helloworld_pb2_grpc.GreeterStub | muxs_pb2_grpc.GreeterStub,
                 timeout: float | None) -> None:
        super().__init__(timeout)
        self._stub = stub

    def say_hello(self, name: str, *, timeout: float | None = None) -> str:
        """Returns ``"Hello, " + name + "!"``."""
        with logged_failure(f"{self._service}/SayHello"):
            reply = self._stub.SayHello(self._messages.HelloRequest(name=name),
                                        timeout=self._deadline(timeout))
        return reply.message

    def square(self, value: float, *, timeout: float | None = None) -> float:
        """Returns the square ROOT of value as a float32 (the contract's historical naming).

        Negative, NaN or infinite values raise ``grpc.RpcError`` with INVALID_ARGUMENT.
        """
        with logged_failure(f"{self._service}/Square"):
            reply = self._stub.Square(self._messages.Number(value=value),
                                      timeout=self._deadline(timeout))
        return reply.value


class GreeterClient(_Greeter):
    """Calls ``helloworld.Greeter``."""

    _service = "helloworld.Greeter"
    _messages = helloworld_pb2

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        super().__init__(helloworld_pb2_grpc.GreeterStub(channel), timeout)


class MuxsGreeterClient(_Greeter):
    """Calls ``muxs.Greeter`` (identical to helloworld.Greeter, in the muxs package)."""

    _service = "muxs.Greeter"
    _messages = muxs_pb2

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        super().__init__(muxs_pb2_grpc.GreeterStub(channel), timeout)
