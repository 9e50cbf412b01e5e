"""Several replicas behind one channel: round_robin, client-side health checking, retries.

A target naming several replicas (``127.0.0.1:4001,127.0.0.1:4002`` or ``dns:///name:port``)
gets the service config below: calls are spread over every ready replica, a replica whose
grpc.health.v1 status is not SERVING (shutting down) gets none, and UNAVAILABLE is retried with
backoff on the methods that are safe to repeat. A single address is left as it is.
"""

from __future__ import annotations

import ipaddress
import json

_RETRYABLE_METHODS = [
    {"service": "go_protoc.HelloService", "method": "Hello"},
    {"service": "helloworld.Greeter"},
    {"service": "muxs.Greeter"},
    {"service": "muxs.FileController", "method": "Read"},
    {"service": "muxs.FileController", "method": "List"},
    {"service": "GCNService", "method": "ProcessGraph"},
    {"service": "Contact", "method": "getTaskStatus"},
]

BALANCED_SERVICE_CONFIG = json.dumps({
    "loadBalancingConfig": [{"round_robin": {}}],
    "healthCheckConfig": {"serviceName": ""},
    "methodConfig": [{
        "name": _RETRYABLE_METHODS,
        "retryPolicy": {
            "maxAttempts": 4,
            "initialBackoff": "0.1s",
            "maxBackoff": "1s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"],
        },
    }],
})


def is_balanced(target: str) -> bool:
    """True when target names several replicas (a comma-separated list or a dns: name)."""
    return "," in target or target.startswith("dns:")


def channel_target(target: str) -> tuple[str, list[tuple[str, object]]]:
    """The target grpcio understands, and the channel options that balance over it.

    gRPC's own ``ipv4:`` / ``ipv6:`` schemes take a comma-separated list of IP literals, so a list
    must name replicas by IP address (a name that resolves to several is what ``dns:`` is for).
    """
    if not is_balanced(target):
        return target, []
    options: list[tuple[str, object]] = [
        ("grpc.service_config", BALANCED_SERVICE_CONFIG),
        ("grpc.enable_retries", 1),
    ]
    if target.startswith("dns:"):
        return target, options
    entries = [entry.strip() for entry in target.split(",")]
    families = {_ip_family(entry) for entry in entries}
    if len(families) != 1:
        raise ValueError(f"--target {target!r}: list replicas as IPv4 or [IPv6] literals with "
                         "ports, all of one family (or use dns:///name:port)")
    return f"{families.pop()}:{','.join(entries)}", options


def _ip_family(entry: str) -> str | None:
    host, sep, port = entry.rpartition(":")
    if not sep or not port.isdigit():
        return None
    try:
        return "ipv6" if ipaddress.ip_address(host.strip("[]")).version == 6 else "ipv4"
    except ValueError:
        return None
