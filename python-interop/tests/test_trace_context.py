"""The trace the Python client starts (OpenTelemetry grpcio instrumentation) is the one the Java
server's access log names."""

from __future__ import annotations

import time

from opentelemetry import trace
from servers import RunningServer

from polyglot_interop import tracing
from polyglot_interop.clients.hello import HelloClient
from polyglot_interop.connection import ConnectionSettings


def test_the_server_logs_the_trace_id_the_client_started(java_server: RunningServer) -> None:
    tracing.enable()
    try:
        with trace.get_tracer(__name__).start_as_current_span("python-client"):
            trace_id = tracing.current_trace_id()
            with ConnectionSettings(target=java_server.address).open_channel() as channel:
                assert HelloClient(channel, timeout=15).hello("traced") == "hello:traced"
    finally:
        tracing.disable()
    assert trace_id != "0" * 32
    # The access log line is written when the server closes the stream, which may be just after
    # the client has its reply: poll the server's stderr, bounded.
    deadline = time.monotonic() + 30
    while f"trace={trace_id}" not in java_server.stderr():
        assert time.monotonic() < deadline, f"no access-log line with trace={trace_id}"
        time.sleep(0.1)
