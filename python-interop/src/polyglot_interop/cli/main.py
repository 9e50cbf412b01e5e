"""``polyglot-interop`` / ``python -m polyglot_interop``: calls every RPC of the chosen services,
or runs one subcommand.

Exit status: 0 when every call succeeded, 1 when any failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import grpc

from polyglot_interop.cli import addressbook_cli, commands
from polyglot_interop.cli.calls import DemoCalls
from polyglot_interop.cli.demos import DEMOS
from polyglot_interop.clients.error_details import error_detail_lines
from polyglot_interop.connection import DEFAULT_MAX_MESSAGE_BYTES, ConnectionSettings

# Subcommand names never repeat a service name of DEMOS (`gcn` is the service, `graph` the
# subcommand), so `--target HOST:PORT gcn` runs the gcn demo as the Java and Go clients do.
COMMANDS = ("upload", "download", "list", "graph", "submit", "status", "worker", "routeguide",
            "addressbook")
USAGE_ERROR = 2


def _connection_flags() -> argparse.ArgumentParser:
    """The flags every form of the command takes (the same as the Java client's)."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("connection")
    g.add_argument("--target", default=os.environ.get("POLYGLOT_TARGET", "localhost:50051"),
                   metavar="HOST:PORT", help="server address (env POLYGLOT_TARGET; default %(default)s)")
    g.add_argument("--deadline", type=float, default=10.0, metavar="SECONDS",
                   help="deadline of each call (default %(default)s)")
    g.add_argument("--max-message-size", type=int, default=DEFAULT_MAX_MESSAGE_BYTES,
                   metavar="BYTES", help="largest message either way (default %(default)s)")
    g.add_argument("--tls", action="store_true", help="connect with TLS")
    g.add_argument("--ca-file", type=Path, help="PEM CA bundle to verify the server (default: system roots)")
    g.add_argument("--cert-file", type=Path, help="PEM client certificate (mutual TLS)")
    g.add_argument("--key-file", type=Path, help="PEM client private key (mutual TLS)")
    g.add_argument("--server-name", help="name to verify in the server certificate instead of the host")
    g.add_argument("--token", default=os.environ.get("POLYGLOT_TOKEN"),
                   help="bearer token sent as call credentials (env POLYGLOT_TOKEN, which keeps it "
                        "out of the process list)")
    g.add_argument("-v", "--verbose", action="store_true", help="log each failed call and more")
    return p


def _prog() -> str:
    """How the user ran us: the console script `polyglot-interop`, or `python -m polyglot_interop`."""
    name = Path(sys.argv[0]).name
    return "python -m polyglot_interop" if name == "__main__.py" else name


def _demo_parser(connection: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=_prog(), parents=[connection],
        description="Calls every RPC of the chosen services (default: all) and prints each reply.",
        epilog=f"subcommands (each takes --help): {', '.join(COMMANDS)}")
    p.add_argument("--skip-unimplemented", action="store_true",
                   help="report calls the server answers UNIMPLEMENTED as skipped, not failed "
                        "(for servers with a subset of the services)")
    p.add_argument("--repeat", type=int, default=0, metavar="N",
                   help="call each chosen service N times on one channel, print failures only, "
                        "then one summary line")
    p.add_argument("services", nargs="*", metavar="SERVICE",
                   help=f"services to call: {', '.join(DEMOS)} (default: all)")
    return p


def _command_parser(connection: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=_prog(), parents=[connection])
    commands.add_subcommands(p.add_subparsers(title="subcommands", required=True))
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["addressbook"]:
        return addressbook_cli.main(argv[1:])  # a local file: no server, no connection flags
    connection = _connection_flags()
    _, rest = connection.parse_known_args(argv)
    is_command = bool(rest) and rest[0] in COMMANDS
    parser = _command_parser(connection) if is_command else _demo_parser(connection)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR,
                        format="%(levelname)s %(name)s: %(message)s")
    if not is_command:
        unknown = [s for s in args.services if s not in DEMOS]
        if unknown:
            parser.error(f"unknown service(s) {unknown}; choose from {list(DEMOS)}")
    settings = ConnectionSettings(
        target=args.target, tls=args.tls, ca_file=args.ca_file, cert_file=args.cert_file,
        key_file=args.key_file, server_name=args.server_name, token=args.token,
        max_message_bytes=args.max_message_size)
    try:
        channel = settings.open_channel()
    except (ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return USAGE_ERROR
    with channel:
        if is_command:
            return _run_command(channel, args)
        return _run_demos(channel, args.services or list(DEMOS), args.deadline,
                          args.skip_unimplemented, args.repeat)


def _run_demos(channel: grpc.Channel, services: list[str], deadline: float,
               skip_unimplemented: bool, repeat: int = 0) -> int:
    calls = DemoCalls(skip_unimplemented=skip_unimplemented)
    calls.quiet = repeat > 0
    for name in services:
        for _ in range(max(repeat, 1)):
            DEMOS[name](channel, deadline, calls)
    if repeat > 0:
        # grpcio does not tell a client which replica answered, so no per-address counts.
        print(f"repeat {repeat} x {','.join(services)}: {calls.calls} calls, "
              f"{calls.failures} failed; by address: not reported by grpcio")
    if calls.skipped:
        print(f"{calls.skipped} call(s) skipped: not implemented by the server", file=sys.stderr)
    if calls.failures:
        print(f"{calls.failures} call(s) failed", file=sys.stderr)
        return 1
    return 0


def _run_command(channel: grpc.Channel, args: argparse.Namespace) -> int:
    try:
        status: int = args.command(channel, args)
        return status
    except grpc.RpcError as e:
        print(f"error: {e.code().name}: {e.details()}", file=sys.stderr)
        for line in error_detail_lines(e):
            print(line, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
