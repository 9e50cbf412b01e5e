"""The reference server in the original demos' style: ``grpc.server(ThreadPoolExecutor(...))``.

``python -m polyglot_interop.servers.sync --port 0`` -> ``listening on 127.0.0.1:PORT``.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from concurrent import futures

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

    def Hello(self, request: hello_service_pb2.String, context: grpc.ServicerContext) -> hello_service_pb2.String:
        return logic.hello(request)


class Greeter(helloworld_pb2_grpc.GreeterServicer):
    """helloworld.Greeter: SayHello and Square (the square root)."""

    def SayHello(
        self, request: helloworld_pb2.HelloRequest, context: grpc.ServicerContext
    ) -> helloworld_pb2.HelloReply:
        return logic.say_hello(request)

    def Square(
        self, request: helloworld_pb2.Number, context: grpc.ServicerContext
    ) -> helloworld_pb2.Number:
        try:
            return logic.square_root(request)
        except ValueError as e:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))


class GcnService(gcn_pb2_grpc.GCNServiceServicer):
    """GCNService: the default (identity) two-layer GCN, numpy + scipy sparse."""

    def __init__(self, limits: gcn_model.Limits) -> None:
        self._limits = limits

    def ProcessGraph(
        self, request: gcn_pb2.GraphData, context: grpc.ServicerContext
    ) -> gcn_pb2.GCNResult:
        try:
            return gcn_pb2.GCNResult(node_scores=gcn_model.score(request, self._limits))
        except gcn_model.GraphTooLarge as e:
            context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))
        except gcn_model.InvalidGraph as e:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))


def serve(argv: list[str] | None = None) -> int:
    args = options.parse("python -m polyglot_interop.servers.sync", argv)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.workers),
                         options=options.channel_options(args))
    hello_service_pb2_grpc.add_HelloServiceServicer_to_server(HelloService(), server)
    helloworld_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    gcn_pb2_grpc.add_GCNServiceServicer_to_server(GcnService(options.limits(args)), server)
    health_servicer = health.HealthServicer()
    for name in ("", *options.SERVICE_NAMES):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (*options.SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    port = server.add_insecure_port(options.bind_address(args))
    server.start()
    options.announce(args, port, "sync")

    # Signal handlers run on the main thread; they only wake it, the main thread stops the server.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    logger.info("stopping: NOT_SERVING, %.1fs grace for in-flight calls", args.shutdown_grace)
    health_servicer.enter_graceful_shutdown()
    server.stop(args.shutdown_grace).wait()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
