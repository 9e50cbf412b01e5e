"""Client of the standard ``grpc.health.v1.Health`` service."""

from __future__ import annotations

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT, Client, logged_failure


class HealthClient(Client):
    """Asks the server whether it, or one of its services, is serving."""

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        super().__init__(timeout)
        self._stub = health_pb2_grpc.HealthStub(channel)

    def check(self, service: str = "", *, timeout: float | None = None) -> str:
        """The serving status name (``"SERVING"``...) of service; ``""`` is the whole server."""
        with logged_failure("grpc.health.v1.Health/Check"):
            # typeshed's HealthStub (types-grpcio-health-checking) declares no methods.
            reply = self._stub.Check(  # type: ignore[attr-defined]
                health_pb2.HealthCheckRequest(service=service),
                timeout=self._deadline(timeout))
        name: str = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
        return name
