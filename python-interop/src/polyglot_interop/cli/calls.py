"""Runs one demo call: prints ``label -> reply`` or reports the failed status (like the Java CLI)."""

from __future__ import annotations

import struct
import sys
from collections.abc import Callable
from typing import Any, TextIO

import grpc

from polyglot_interop.clients.error_details import error_detail_lines


def float32_text(value: float) -> str:
    """The shortest decimal that reads back as the same float32 (Java's Float.toString digits)."""
    target = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        text = f"{target:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == target:
            return text
    return repr(target)


class DemoCalls:
    """Counts failures; one line per call on out, failures on err.

    With skip_unimplemented, a call the server answers UNIMPLEMENTED (it does not have that
    service, like the reference servers or a server mid-upgrade) is reported as skipped on err
    and is not a failure.
    """

    def __init__(self, out: TextIO = sys.stdout, err: TextIO = sys.stderr,
                 skip_unimplemented: bool = False) -> None:
        self.out = out
        self.err = err
        self.skip_unimplemented = skip_unimplemented
        self.failures = 0
        self.skipped = 0
        # calls counts every call; quiet (for --repeat) prints failures only.
        self.calls = 0
        self.quiet = False

    def call(self, label: str, rpc: Callable[[], Any]) -> Any:
        """Runs rpc; prints its reply; returns it, or None when the call failed."""
        self.calls += 1
        try:
            reply = rpc()
        except grpc.RpcError as e:
            if self.skip_unimplemented and e.code() == grpc.StatusCode.UNIMPLEMENTED:
                self.skipped += 1
                print(f"{label} SKIPPED: the server does not implement it", file=self.err)
                return None
            self.failures += 1
            details = f": {e.details()}" if e.details() else ""
            print(f"{label} FAILED: {e.code().name}{details}", file=self.err)
            for line in error_detail_lines(e):
                print(line, file=self.err)
            return None
        except ValueError as e:  # a reply that does not match what was sent
            self.failures += 1
            print(f"{label} FAILED: {e}", file=self.err)
            return None
        if not self.quiet:
            print(f"{label} -> {reply}", file=self.out)
        return reply
