"""grpc's interop cases from this project's Python client (polyglot_interop.interop) against the
Java server started with --test-service, over plaintext and over TLS with a throwaway CA. Each
(mode, case) is its own test, so one case fails alone; scripts/test interop reads the ids
``test_case[MODE-CASE]`` into the case table of docs/interop.md."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from pki import Authority
from servers import RunningServer, start_java_server, stopped_cleanly

from polyglot_interop.connection import ConnectionSettings
from polyglot_interop.interop import CASES, run_case

#: The cases the issue asks of every client: grpc-go's list plus grpc-java's compression ones.
SUITE = ["empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong",
         "empty_stream", "timeout_on_sleeping_server", "cancel_after_begin",
         "cancel_after_first_response", "status_code_and_message", "special_status_message",
         "custom_metadata", "unimplemented_method", "unimplemented_service", "rpc_soak",
         "channel_soak", "client_compressed_unary_noprobe", "server_compressed_unary",
         "client_compressed_streaming_noprobe", "server_compressed_streaming",
         "very_large_request",
         # Our server tells compressed requests apart, so the probing variants pass too.
         "client_compressed_unary", "client_compressed_streaming"]
MODES = ["plaintext", "tls"]


@pytest.fixture(scope="module")
def interop_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ConnectionSettings]]:
    """One server per mode, both with --test-service; connection settings by mode."""
    work = tmp_path_factory.mktemp("interop")
    authority = Authority(work, "interop")
    issued = authority.server("interop-server")
    servers: list[RunningServer] = []
    try:
        servers.append(start_java_server(work / "plain", "--test-service"))
        servers.append(start_java_server(work / "tls", "--test-service", "--tls-cert",
                                         str(issued.cert), "--tls-key", str(issued.key)))
        yield {
            "plaintext": ConnectionSettings(target=servers[0].address),
            "tls": ConnectionSettings(target=servers[1].address, tls=True, ca_file=authority.cert,
                                      server_name="localhost"),
        }
    finally:
        for server in servers:
            stopped_cleanly(server)


def test_suite_names_only_known_cases() -> None:
    assert set(SUITE) <= set(CASES)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", SUITE)
def test_case(interop_servers: dict[str, ConnectionSettings], mode: str, case: str) -> None:
    run_case(case, functools.partial(ConnectionSettings.open_channel, interop_servers[mode]))
