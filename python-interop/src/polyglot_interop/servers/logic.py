"""The replies of HelloService and helloworld.Greeter (docs/services.md), for both servers."""

from __future__ import annotations

import math

from polyglot_interop.gen import hello_service_pb2, helloworld_pb2


def hello(request: hello_service_pb2.String) -> hello_service_pb2.String:
    return hello_service_pb2.String(value="hello:" + request.value)


def say_hello(request: helloworld_pb2.HelloRequest) -> helloworld_pb2.HelloReply:
    return helloworld_pb2.HelloReply(message=f"Hello, {request.name}!")


def square_root(request: helloworld_pb2.Number) -> helloworld_pb2.Number:
    """Square has always returned the square ROOT; raises ValueError for negative/NaN/infinite."""
    if not math.isfinite(request.value) or request.value < 0:
        raise ValueError(f"Square needs a finite value >= 0, got {request.value}")
    return helloworld_pb2.Number(value=math.sqrt(request.value))
