"""Assertions the test modules share."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import grpc
import pytest


def expect_status(code: grpc.StatusCode, call: Callable[[], object]) -> grpc.RpcError:
    """Runs call, which must fail with code and a message naming the problem; returns the error."""
    with pytest.raises(grpc.RpcError) as failure:
        call()
    assert failure.value.code() == code, failure.value.details()
    assert failure.value.details(), "the status message must name the problem"
    return failure.value


def eventually(condition: Callable[[], bool], timeout: float = 60.0, interval: float = 0.05) -> bool:
    """Bounded polling of a state the server reaches asynchronously (e.g. after a cancel):
    True as soon as condition holds, False once timeout seconds passed without it."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        threading.Event().wait(interval)
    return True
