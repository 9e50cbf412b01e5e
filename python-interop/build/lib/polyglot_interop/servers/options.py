"""The flags both reference servers take, and what they print and log on start."""

from __future__ import annotations

import argparse
import logging

from polyglot_interop.servers.gcn_model import Limits

logger = logging.getLogger(__name__)

#: Full names of the services the reference servers register (health reports each).
SERVICE_NAMES = ("go_protoc.HelloService", "helloworld.Greeter", "GCNService")


def parse(prog: str, argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog=prog, description="Reference HelloService + helloworld.Greeter "
                                "+ GCNService server; prints 'listening on HOST:PORT'.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    p.add_argument("--port", type=int, default=50051, help="port; 0 picks a free one (default %(default)s)")
    p.add_argument("--workers", type=int, default=10,
                   help="handler threads (sync) / GCN threads (aio) (default %(default)s)")
    p.add_argument("--max-message-size", type=int, default=64 << 20, metavar="BYTES",
                   help="largest message either way; a million-edge graph fits (default %(default)s)")
    p.add_argument("--gcn-max-nodes", type=int, default=Limits.max_nodes, help="(default %(default)s)")
    p.add_argument("--gcn-max-edges", type=int, default=Limits.max_edges, help="(default %(default)s)")
    p.add_argument("--shutdown-grace", type=float, default=5.0, metavar="SECONDS",
                   help="how long in-flight calls may finish after SIGTERM (default %(default)s)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return args


def channel_options(args: argparse.Namespace) -> list[tuple[str, int]]:
    return [("grpc.max_receive_message_length", args.max_message_size),
            ("grpc.max_send_message_length", args.max_message_size)]


def limits(args: argparse.Namespace) -> Limits:
    return Limits(max_nodes=args.gcn_max_nodes, max_edges=args.gcn_max_edges)


def host_port(host: str, port: int) -> str:
    """HOST:PORT, with an IPv6 host in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def bind_address(args: argparse.Namespace) -> str:
    return host_port(args.host, args.port)


def announce(args: argparse.Namespace, port: int, style: str) -> None:
    """Prints the one stdout line scripts wait for, and logs the start."""
    address = host_port(args.host, port)
    print(f"listening on {address}", flush=True)
    logger.info("%s server on %s, TLS off, services %s", style, address, ", ".join(SERVICE_NAMES))
