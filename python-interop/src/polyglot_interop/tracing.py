"""W3C trace context on every call, through OpenTelemetry's grpcio client instrumentation.

After :func:`enable`, channels opened afterwards send a ``traceparent`` header carrying the
current span's trace (a new trace per call outside any span); the Java server writes its trace id
in the access-log line (``trace=<id>``), so a client's trace finds the server's record of it.
"""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.instrumentation.grpc import GrpcInstrumentorClient
from opentelemetry.sdk.trace import TracerProvider


def enable() -> None:
    """Makes real spans (the API's default provider makes none) and instruments grpcio channels.

    No exporter is installed: the point is propagation; add one to the provider to ship spans.
    """
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        trace.set_tracer_provider(TracerProvider())
    GrpcInstrumentorClient().instrument()


def disable() -> None:
    """Channels opened from now on are plain grpcio channels again."""
    GrpcInstrumentorClient().uninstrument()


def current_trace_id() -> str:
    """The current span's trace id as 32 hex digits (what the server logs)."""
    return format(trace.get_current_span().get_span_context().trace_id, "032x")
