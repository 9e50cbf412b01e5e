"""The client's connection flags (TLS, mTLS, server name, bearer token) against an in-test
Python server that records what arrives, so the wiring is checked whatever server is on main."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from pki import Authority, Issued

from polyglot_interop.clients import HelloClient
from polyglot_interop.connection import ConnectionSettings
from polyglot_interop.gen import hello_service_pb2_grpc
from polyglot_interop.servers.sync import HelloService


class RecordAuthorization(grpc.ServerInterceptor):
    """Keeps the authorization header of every call."""

    def __init__(self) -> None:
        self.seen: list[str | None] = []

    def intercept_service(self, continuation, handler_call_details):
        self.seen.append(dict(handler_call_details.invocation_metadata).get("authorization"))
        return continuation(handler_call_details)


@dataclasses.dataclass
class RecordingServer:
    port: int
    recorder: RecordAuthorization


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("pki")
    ca, other_ca = Authority(folder, "test"), Authority(folder, "other")
    return {"ca": ca, "other_ca": other_ca, "server": ca.server("server"),
            "named": ca.server("named", dns_names=("polyglot.test",), ips=()),
            "client": ca.client("client"), "stranger": other_ca.client("stranger")}


def _serve(credentials: grpc.ServerCredentials | None) -> Iterator[RecordingServer]:
    recorder = RecordAuthorization()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), interceptors=[recorder])
    hello_service_pb2_grpc.add_HelloServiceServicer_to_server(HelloService(), server)
    port = (server.add_secure_port("127.0.0.1:0", credentials) if credentials
            else server.add_insecure_port("127.0.0.1:0"))
    server.start()
    yield RecordingServer(port, recorder)
    server.stop(None).wait()


def _tls(issued: Issued, client_ca: Path | None = None) -> grpc.ServerCredentials:
    return grpc.ssl_server_credentials(
        [(issued.key.read_bytes(), issued.cert.read_bytes())],
        root_certificates=client_ca.read_bytes() if client_ca else None,
        require_client_auth=client_ca is not None)


@pytest.fixture
def plaintext_server() -> Iterator[RecordingServer]:
    yield from _serve(None)


@pytest.fixture
def tls_server(pki) -> Iterator[RecordingServer]:
    yield from _serve(_tls(pki["server"]))


@pytest.fixture
def mtls_server(pki) -> Iterator[RecordingServer]:
    yield from _serve(_tls(pki["server"], client_ca=pki["ca"].cert))


@pytest.fixture
def named_server(pki) -> Iterator[RecordingServer]:
    yield from _serve(_tls(pki["named"]))


def hello(settings: ConnectionSettings) -> str:
    with settings.open_channel() as channel:
        return HelloClient(channel, timeout=10).hello("tls")


def expect_unavailable(settings: ConnectionSettings) -> None:
    with pytest.raises(grpc.RpcError) as failure:
        hello(settings)
    assert failure.value.code() == grpc.StatusCode.UNAVAILABLE


def test_tls_with_the_right_ca(tls_server: RecordingServer, pki) -> None:
    settings = ConnectionSettings(f"localhost:{tls_server.port}", tls=True, ca_file=pki["ca"].cert)
    assert hello(settings) == "hello:tls"
    assert tls_server.recorder.seen == [None]  # no token configured, none sent


def test_tls_with_a_wrong_ca_fails(tls_server: RecordingServer, pki) -> None:
    expect_unavailable(ConnectionSettings(f"localhost:{tls_server.port}", tls=True,
                                          ca_file=pki["other_ca"].cert))


def test_plaintext_to_a_tls_port_fails(tls_server: RecordingServer) -> None:
    expect_unavailable(ConnectionSettings(f"127.0.0.1:{tls_server.port}"))


def test_server_name_override_verifies_another_name(named_server: RecordingServer, pki) -> None:
    target = f"127.0.0.1:{named_server.port}"
    expect_unavailable(ConnectionSettings(target, tls=True, ca_file=pki["ca"].cert))
    assert hello(ConnectionSettings(target, tls=True, ca_file=pki["ca"].cert,
                                    server_name="polyglot.test")) == "hello:tls"


def test_mutual_tls_needs_a_client_certificate_from_the_trusted_ca(mtls_server: RecordingServer, pki) -> None:
    target, ca = f"localhost:{mtls_server.port}", pki["ca"].cert
    client, stranger = pki["client"], pki["stranger"]
    assert hello(ConnectionSettings(target, tls=True, ca_file=ca, cert_file=client.cert,
                                    key_file=client.key)) == "hello:tls"
    expect_unavailable(ConnectionSettings(target, tls=True, ca_file=ca))
    expect_unavailable(ConnectionSettings(target, tls=True, ca_file=ca, cert_file=stranger.cert,
                                          key_file=stranger.key))


def test_token_is_sent_as_a_bearer_header_over_tls(tls_server: RecordingServer, pki) -> None:
    hello(ConnectionSettings(f"localhost:{tls_server.port}", tls=True, ca_file=pki["ca"].cert,
                             token="s3cret"))
    assert tls_server.recorder.seen == ["Bearer s3cret"]


def test_token_over_plaintext_loopback_is_sent_too(plaintext_server: RecordingServer) -> None:
    hello(ConnectionSettings(f"127.0.0.1:{plaintext_server.port}", token="loop"))
    hello(ConnectionSettings(f"localhost:{plaintext_server.port}", token="loop"))
    hello(ConnectionSettings(f"127.0.0.1:{plaintext_server.port}"))
    assert plaintext_server.recorder.seen == ["Bearer loop", "Bearer loop", None]


@pytest.mark.parametrize("settings, message", [
    (ConnectionSettings("example.invalid:443", token="t"), "loopback"),
    (ConnectionSettings("localhost:1", cert_file=Path("c.pem")), "together"),
    (ConnectionSettings("localhost:1", ca_file=Path("ca.pem")), "need --tls"),
])
def test_unsafe_or_incomplete_settings_are_refused(settings: ConnectionSettings, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings.open_channel()
