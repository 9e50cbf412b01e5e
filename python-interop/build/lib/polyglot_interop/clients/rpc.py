"""What every client shares: the default deadline and logging of failed calls."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import grpc

logger = logging.getLogger(__name__)

#: Seconds each call may take unless the client or the call says otherwise.
DEFAULT_TIMEOUT = 10.0


@contextlib.contextmanager
def logged_failure(method: str) -> Iterator[None]:
    """Logs a warning naming the method and status of a failed call, then re-raises it."""
    try:
        yield
    except grpc.RpcError as e:
        logger.warning("%s failed: %s %s", method, e.code().name, e.details())
        raise


class Client:
    """Base of the client classes: holds the default timeout and resolves per-call overrides."""

    def __init__(self, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self._timeout = timeout

    def _deadline(self, timeout: float | None) -> float | None:
        """The per-call timeout when given, else the client's."""
        return self._timeout if timeout is None else timeout
