"""Runs interop cases against a TestService server, with the official clients' flag names.

Usage: python -m polyglot_interop.interop --server_port=PORT --test_case=large_unary[,ping_pong]
       [--server_host=HOST] [--use_tls --ca_file=PEM --server_host_override=NAME]
Exits 0 when every case passed, 1 otherwise (one PASS/FAIL line per case).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import grpc

from ..connection import ConnectionSettings
from .cases import CASES, InteropFailure, run_case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m polyglot_interop.interop",
                                     description="grpc interop cases against grpc.testing.TestService")
    parser.add_argument("--server_host", default="127.0.0.1")
    parser.add_argument("--server_port", type=int, required=True)
    parser.add_argument("--test_case", default="empty_unary",
                        help=f"comma-separated; one of: {', '.join(CASES)}")
    parser.add_argument("--use_tls", action="store_true")
    parser.add_argument("--ca_file", type=Path, help="PEM of the CA that signed the server")
    parser.add_argument("--server_host_override", help="name to verify the certificate against")
    args = parser.parse_args(argv)
    settings = ConnectionSettings(target=f"{args.server_host}:{args.server_port}", tls=args.use_tls,
                                  ca_file=args.ca_file, server_name=args.server_host_override)
    failed = 0
    for name in args.test_case.split(","):
        if name not in CASES:
            parser.error(f"unknown test case {name!r}")
        try:
            run_case(name, settings.open_channel)
        except (InteropFailure, grpc.RpcError) as error:
            failed += 1
            print(f"FAIL {name}: {error}")
        else:
            print(f"PASS {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
