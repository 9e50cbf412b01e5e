"""Holds one Upload call open on ADDRESS until stdin closes, so a server told to stop keeps
draining (health NOT_SERVING, process alive) for as long as a test needs.
Usage: python scripts/lib/hold_call.py ADDRESS  (run with python-interop's venv)."""

import sys

import grpc


def _no_messages_until_stdin_closes():
    sys.stdin.read()
    return
    yield  # a generator that sends nothing


def main() -> None:
    with grpc.insecure_channel(sys.argv[1]) as channel:
        upload = channel.stream_unary("/muxs.FileController/Upload")
        try:
            upload(_no_messages_until_stdin_closes(), timeout=300)
        except grpc.RpcError:
            pass  # ended by the server's shutdown or by closing stdin: either is the end we want


if __name__ == "__main__":
    main()
