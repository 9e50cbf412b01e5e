"""Submits that are safe to retry: an idempotency key per logical submit, resent on UNAVAILABLE.

The server answers a repeat of a key it has stored (within its retention window) with the
original task ids and queues nothing (docs/contact.md), so a submit whose answer was lost after
it was stored (the server or its database went away mid-call) is not queued twice.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

import grpc

logger = logging.getLogger(__name__)

#: The request metadata the server reads the key from.
IDEMPOTENCY_KEY_HEADER = "idempotency-key"

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Retry:
    """How a submit that failed UNAVAILABLE is tried again, always with the same key."""

    #: How many times a submit is sent at most (1: never retried).
    attempts: int = 4
    #: Seconds before the first retry; doubles up to max_backoff.
    initial_backoff: float = 0.1
    #: Most seconds between two attempts.
    max_backoff: float = 2.0


#: The policy a client uses unless told otherwise.
DEFAULT_RETRY = Retry()


def new_key() -> str:
    """A fresh key for one logical submit (a random UUID)."""
    return str(uuid.uuid4())


def call_with_retry(method: str, send: Callable[..., T], *, key: str, timeout: float | None,
                    retry: Retry) -> T:
    """Calls ``send(timeout=..., metadata=...)`` until it succeeds, fails otherwise than
    UNAVAILABLE, the attempts are spent, or the next backoff would pass the deadline; every
    attempt carries ``key`` and shares the one deadline ``timeout`` (seconds from now)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    metadata = ((IDEMPOTENCY_KEY_HEADER, key),)
    backoff = retry.initial_backoff
    for attempt in range(1, retry.attempts + 1):
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            return send(timeout=remaining, metadata=metadata)
        except grpc.RpcError as e:
            out_of_time = deadline is not None and deadline - time.monotonic() < backoff
            if e.code() != grpc.StatusCode.UNAVAILABLE or attempt == retry.attempts or out_of_time:
                raise
            logger.info("%s UNAVAILABLE (attempt %d of %d), retrying with the same key in %.1f s",
                        method, attempt, retry.attempts, backoff)
        time.sleep(backoff)  # a client's backoff between attempts, not a test waiting for an event
        backoff = min(2 * backoff, retry.max_backoff)
    raise AssertionError("unreachable: the last attempt returns or raises")
