"""The machine-readable details of a failed call, decoded from the ``google.rpc.Status`` the
server sends in the ``grpc-status-details-bin`` trailer (docs/errors.md). The Java and Go clients
decode and print the same fields the same way."""

from __future__ import annotations

import dataclasses

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


@dataclasses.dataclass(frozen=True)
class FieldViolation:
    """One request field at fault, as a path into the request (``edges[3].target_id``)."""

    field: str
    description: str


@dataclasses.dataclass(frozen=True)
class ErrorDetails:
    """ErrorInfo's stable reason and domain, BadRequest's field violations, RetryInfo's delay."""

    reason: str = ""
    domain: str = ""
    field_violations: tuple[FieldViolation, ...] = ()
    retry_delay_seconds: float | None = None

    def lines(self) -> list[str]:
        """What a command-line client prints under its failure line (same as Java and Go)."""
        lines = []
        if self.reason:
            lines.append(f"  reason: {self.reason} (domain {self.domain})")
        lines.extend(f"  field: {violation.field}" for violation in self.field_violations)
        if self.retry_delay_seconds is not None:
            lines.append(f"  retry after: {self.retry_delay_seconds:.3f}s")
        return lines


def error_details(error: grpc.RpcError) -> ErrorDetails | None:
    """The details ``error`` carries, or None when the server sent none."""
    status = rpc_status.from_call(error) if isinstance(error, grpc.Call) else None
    if status is None or not status.details:
        return None
    reason = domain = ""
    violations: list[FieldViolation] = []
    retry: float | None = None
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason, domain = info.reason, info.domain
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            violations.extend(FieldViolation(v.field, v.description)
                              for v in bad_request.field_violations)
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry_info = error_details_pb2.RetryInfo()
            detail.Unpack(retry_info)
            retry = retry_info.retry_delay.ToTimedelta().total_seconds()
    return ErrorDetails(reason, domain, tuple(violations), retry)


def error_detail_lines(error: grpc.RpcError) -> list[str]:
    """Shorthand: the printable lines of ``error``'s details, none when it has none."""
    details = error_details(error)
    return details.lines() if details else []
