"""Security seen from Python against the Java server: TLS, mTLS, certificate rotation, bearer
tokens, JWTs and scopes, the message-size limit and keepalive enforcement (issue 8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import jwt
import pytest
from checks import expect_status
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pki import Authority
from servers import RunningServer, start_java_server, stopped_cleanly

from polyglot_interop.clients import HealthClient, HelloClient
from polyglot_interop.connection import ConnectionSettings

ISSUER, AUDIENCE = "https://issuer.test", "polyglot"
KEY_ID = "test-key-1"
TOKENS = {"greeter": "greeter-token-0123456789", "reader": "reader-token-0123456789"}


def _port(server: RunningServer) -> str:
    return server.address.rsplit(":", 1)[1]


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("security")
    ca = Authority(folder, "test")
    signing, stranger = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    public = folder / "jwt-public.pem"
    public.write_bytes(signing.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    jwks = folder / "jwks.json"
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(signing.public_key()))
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "ES256"}]}))
    tokens = folder / "tokens.txt"
    tokens.write_text(f"greeter {TOKENS['greeter']} greet\nreader {TOKENS['reader']} files:read\n")
    return {"folder": folder, "ca": ca, "server": ca.server("server"), "client": ca.client("client"),
            "other_ca": Authority(folder, "other"), "signing": signing, "stranger": stranger,
            "jwt_public": public, "jwks": jwks, "tokens": tokens}


@pytest.fixture(scope="module")
def secure_server(keys, tmp_path_factory) -> Iterator[RunningServer]:
    """TLS, static tokens and JWTs (keys from a JWKS file) on."""
    server = start_java_server(
        tmp_path_factory.mktemp("secure"), "--tls-cert", str(keys["server"].cert),
        "--tls-key", str(keys["server"].key), "--auth-tokens", str(keys["tokens"]),
        "--jwt-jwks", str(keys["jwks"]), "--jwt-issuer", ISSUER, "--jwt-audience", AUDIENCE)
    yield server
    stopped_cleanly(server)


def _settings(server: RunningServer, keys, **overrides) -> ConnectionSettings:
    values = {"target": f"localhost:{_port(server)}", "tls": True, "ca_file": keys["ca"].cert, **overrides}
    return ConnectionSettings(**values)


def _hello(settings: ConnectionSettings) -> str:
    with settings.open_channel() as channel:
        return HelloClient(channel, timeout=15).hello("secure")




def _jwt(key, **claims) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "python-test", "iat": now, "exp": now + 300,
               "scope": "greet", **claims}
    return jwt.encode(payload, key, algorithm="ES256", headers={"kid": KEY_ID})


def test_tls_call_with_a_token_that_has_the_scope(secure_server, keys) -> None:
    assert _hello(_settings(secure_server, keys, token=TOKENS["greeter"])) == "hello:secure"


def test_plaintext_to_the_tls_port_fails(secure_server, keys) -> None:
    expect_status(grpc.StatusCode.UNAVAILABLE,
            lambda: _hello(ConnectionSettings(f"127.0.0.1:{_port(secure_server)}", token="x")))


def test_a_wrong_ca_fails(secure_server, keys) -> None:
    expect_status(grpc.StatusCode.UNAVAILABLE, lambda: _hello(_settings(
        secure_server, keys, ca_file=keys["other_ca"].cert, token=TOKENS["greeter"])))


def test_no_token_is_unauthenticated(secure_server, keys) -> None:
    expect_status(grpc.StatusCode.UNAUTHENTICATED, lambda: _hello(_settings(secure_server, keys)))


def test_a_wrong_token_is_unauthenticated(secure_server, keys) -> None:
    expect_status(grpc.StatusCode.UNAUTHENTICATED,
            lambda: _hello(_settings(secure_server, keys, token="not-a-token")))


def test_a_token_without_the_scope_is_permission_denied(secure_server, keys) -> None:
    error = expect_status(grpc.StatusCode.PERMISSION_DENIED,
                    lambda: _hello(_settings(secure_server, keys, token=TOKENS["reader"])))
    assert "greet" in error.details()


def test_health_stays_open_without_credentials(secure_server, keys) -> None:
    with _settings(secure_server, keys).open_channel() as channel:
        assert HealthClient(channel).check("") == "SERVING"


def test_a_valid_jwt_with_the_scope_is_accepted(secure_server, keys) -> None:
    assert _hello(_settings(secure_server, keys, token=_jwt(keys["signing"]))) == "hello:secure"


@pytest.mark.parametrize("case", ["expired", "wrong audience", "wrong issuer", "wrong signature"])
def test_bad_jwts_are_unauthenticated(secure_server, keys, case: str) -> None:
    token = {
        "expired": lambda: _jwt(keys["signing"], exp=int(time.time()) - 3600, iat=int(time.time()) - 7200),
        "wrong audience": lambda: _jwt(keys["signing"], aud="someone-else"),
        "wrong issuer": lambda: _jwt(keys["signing"], iss="https://evil.test"),
        "wrong signature": lambda: _jwt(keys["stranger"]),
    }[case]()
    expect_status(grpc.StatusCode.UNAUTHENTICATED, lambda: _hello(_settings(secure_server, keys, token=token)))


def test_a_jwt_without_the_scope_is_permission_denied(secure_server, keys) -> None:
    expect_status(grpc.StatusCode.PERMISSION_DENIED,
            lambda: _hello(_settings(secure_server, keys, token=_jwt(keys["signing"], scope="gcn"))))


def test_jwts_verified_with_a_pem_public_key(keys, tmp_path: Path) -> None:
    server = start_java_server(tmp_path, "--jwt-public-key", str(keys["jwt_public"]),
                               "--jwt-issuer", ISSUER, "--jwt-audience", AUDIENCE)
    try:
        plain = {"target": server.address, "tls": False, "ca_file": None}
        assert _hello(_settings(server, keys, token=_jwt(keys["signing"]), **plain)) == "hello:secure"
        expect_status(grpc.StatusCode.UNAUTHENTICATED,
                lambda: _hello(_settings(server, keys, token=_jwt(keys["stranger"]), **plain)))
    finally:
        stopped_cleanly(server)


def test_the_cli_runs_a_full_tls_and_token_session(secure_server, keys) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "polyglot_interop", "--target", f"localhost:{_port(secure_server)}",
         "--tls", "--ca-file", str(keys["ca"].cert), "hello", "greeter"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "POLYGLOT_TOKEN": TOKENS["greeter"]})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == 'go_protoc.HelloService/Hello("test") -> hello:test'


def test_mutual_tls_requires_a_trusted_client_certificate(keys, tmp_path: Path) -> None:
    server = start_java_server(tmp_path, "--tls-cert", str(keys["server"].cert),
                               "--tls-key", str(keys["server"].key),
                               "--tls-client-ca", str(keys["ca"].cert))
    try:
        client = keys["client"]
        assert _hello(_settings(server, keys, cert_file=client.cert, key_file=client.key)) == "hello:secure"
        expect_status(grpc.StatusCode.UNAVAILABLE, lambda: _hello(_settings(server, keys)))
        stranger = keys["other_ca"].client("stranger")
        expect_status(grpc.StatusCode.UNAVAILABLE, lambda: _hello(_settings(
            server, keys, cert_file=stranger.cert, key_file=stranger.key)))
    finally:
        stopped_cleanly(server)


def test_a_certificate_rotated_on_disk_is_picked_up(keys, tmp_path: Path) -> None:
    first, second = Authority(tmp_path, "first"), Authority(tmp_path, "second")
    live = first.server("live")
    server = start_java_server(tmp_path, "--tls-cert", str(live.cert), "--tls-key", str(live.key),
                               "--reload-interval", "1s")
    try:
        assert _hello(_settings(server, keys, ca_file=first.cert)) == "hello:secure"
        rotated = second.server("rotated")
        # Replace key then certificate, each atomically, as a certificate manager would.
        os.replace(rotated.key, live.key)
        os.replace(rotated.cert, live.cert)
        deadline = time.monotonic() + 30
        while True:  # bounded polling: the server checks the files every second
            try:
                assert _hello(_settings(server, keys, ca_file=second.cert)) == "hello:secure"
                break
            except grpc.RpcError:
                assert time.monotonic() < deadline, "rotated certificate not served within 30 s"
        expect_status(grpc.StatusCode.UNAVAILABLE, lambda: _hello(_settings(server, keys, ca_file=first.cert)))
    finally:
        stopped_cleanly(server)


def test_a_message_over_the_limit_is_resource_exhausted_and_others_are_served(tmp_path: Path) -> None:
    server = start_java_server(tmp_path, "--max-inbound-message-size", "1024")
    try:
        with server.channel() as channel:
            hello = HelloClient(channel)
            expect_status(grpc.StatusCode.RESOURCE_EXHAUSTED, lambda: hello.hello("x" * 4096))
            assert hello.hello("small") == "hello:small"
        with server.channel() as other:
            assert HelloClient(other).hello("another client") == "hello:another client"
    finally:
        stopped_cleanly(server)


def test_a_client_pinging_too_often_is_cut(tmp_path: Path) -> None:
    server = start_java_server(tmp_path, "--permit-keepalive-time", "1m")
    try:
        abusive = server.channel(**{"grpc.keepalive_time_ms": 100, "grpc.keepalive_timeout_ms": 5000,
                                    "grpc.http2.max_pings_without_data": 0,
                                    "grpc.keepalive_permit_without_calls": 1})
        with abusive:
            watch = health_pb2_grpc.HealthStub(abusive).Watch(
                health_pb2.HealthCheckRequest(service=""), timeout=30)
            assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
            # The stream stays open with no data; the pings alone get the connection closed
            # (GOAWAY ENHANCE_YOUR_CALM) long before the 30 s deadline.
            expect_status(grpc.StatusCode.UNAVAILABLE, lambda: next(watch))
        with server.channel() as polite:
            assert HelloClient(polite).hello("polite") == "hello:polite"
    finally:
        stopped_cleanly(server)
