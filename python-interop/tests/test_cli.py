"""The command-line client as a person runs it: a subprocess against the Java server."""

from __future__ import annotations

import socket
import subprocess
import sys

from servers import RunningServer

CLI = [sys.executable, "-m", "polyglot_interop"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)


def test_prints_every_reply_of_the_chosen_services(java_server: RunningServer) -> None:
    result = run_cli("--target", java_server.address, "hello", "greeter", "muxs-greeter")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'go_protoc.HelloService/Hello("test") -> hello:test',
        'helloworld.Greeter/SayHello("you") -> Hello, you!',
        "helloworld.Greeter/Square(231) -> 15.198684",
        'muxs.Greeter/SayHello("you") -> Hello, you!',
        "muxs.Greeter/Square(231) -> 15.198684",
    ]


def test_health_reports_every_service_serving(java_server: RunningServer) -> None:
    result = run_cli("--target", java_server.address, "health")
    assert result.returncode == 0, result.stderr
    services = ["", "go_protoc.HelloService", "helloworld.Greeter", "muxs.Greeter",
                "muxs.FileController", "GCNService", "Contact"]
    assert result.stdout.splitlines() == [
        f'grpc.health.v1.Health/Check("{s}") -> SERVING' for s in services]


def test_unknown_service_is_a_usage_error(java_server: RunningServer) -> None:
    result = run_cli("--target", java_server.address, "nope")
    assert result.returncode == 2
    assert "unknown service" in result.stderr


def test_failed_calls_exit_1_and_name_the_status() -> None:
    # A port that was free a moment ago: nothing listens there, so every call is UNAVAILABLE.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run_cli("--target", f"127.0.0.1:{port}", "--deadline", "5", "hello")
    assert result.returncode == 1
    assert 'go_protoc.HelloService/Hello("test") FAILED: UNAVAILABLE' in result.stderr
    assert result.stdout == ""


def test_token_over_plaintext_to_a_remote_host_is_refused() -> None:
    result = run_cli("--target", "example.invalid:443", "--token", "t", "hello")
    assert result.returncode == 2
    assert "loopback" in result.stderr
