"""The reference server on ``grpc.aio`` (asyncio): same services, flags and replies as ``sync``.

``python -m polyglot_interop.servers.aio --port 0`` -> ``listening on 127.0.0.1:PORT``.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from concurrent import futures
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from polyglot_interop.gen import (
    gcn_pb2,
    gcn_pb2_grpc,
    hello_service_pb2,
    hello_service_pb2_grpc,
    helloworld_pb2,
    helloworld_pb2_grpc,
)
from polyglot_interop.servers import gcn_model, logic, options

logger = logging.getLogger(__name__)


class HelloService(hello_service_pb2_grpc.HelloServiceServicer):
    """go_protoc.HelloService: "hello:" + value."""

    async def Hello(
        self, request: hello_service_pb2.String, context: grpc.aio.ServicerContext[Any, Any]
    ) -> hello_service_pb2.String:
        return logic.hello(request)


class Greeter(helloworld_pb2_grpc.GreeterServicer):
    """helloworld.Greeter: SayHello and Square (the square root)."""

    async def SayHello(
        self, request: helloworld_pb2.HelloRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> helloworld_pb2.HelloReply:
        return logic.say_hello(request)

    async def Square(
        self, request: helloworld_pb2.Number, context: grpc.aio.ServicerContext[Any, Any]
    ) -> helloworld_pb2.Number:
        try:
            return logic.square_root(request)
        except ValueError as e:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))


class GcnService(gcn_pb2_grpc.GCNServiceServicer):
    """GCNService: the numpy/scipy model, run off the event loop so other calls keep flowing."""

    def __init__(self, limits: gcn_model.Limits, pool: futures.Executor) -> None:
        self._limits = limits
        self._pool = pool

    async def ProcessGraph(
        self, request: gcn_pb2.GraphData, context: grpc.aio.ServicerContext[Any, Any]
    ) -> gcn_pb2.GCNResult:
        loop = asyncio.get_running_loop()
        try:
            scores = await loop.run_in_executor(self._pool, gcn_model.score, request, self._limits)
        except gcn_model.GraphTooLarge as e:
            await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))
        except gcn_model.InvalidGraph as e:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))
        return gcn_pb2.GCNResult(node_scores=scores)


async def serve(argv: list[str] | None = None) -> int:
    args = options.parse("python -m polyglot_interop.servers.aio", argv)
    server = grpc.aio.server(options=options.channel_options(args))
    pool = futures.ThreadPoolExecutor(max_workers=args.workers)
    hello_service_pb2_grpc.add_HelloServiceServicer_to_server(HelloService(), server)
    helloworld_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    gcn_pb2_grpc.add_GCNServiceServicer_to_server(GcnService(options.limits(args), pool), server)
    health_servicer = health.aio.HealthServicer()
    for name in ("", *options.SERVICE_NAMES):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (*options.SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    port = server.add_insecure_port(options.bind_address(args))
    await server.start()
    options.announce(args, port, "aio")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    logger.info("stopping: NOT_SERVING, %.1fs grace for in-flight calls", args.shutdown_grace)
    await health_servicer.enter_graceful_shutdown()
    await server.stop(args.shutdown_grace)
    pool.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(serve()))
