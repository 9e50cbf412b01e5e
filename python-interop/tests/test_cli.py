"""The command-line client as a person runs it: a subprocess against the Java server."""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

from servers import RunningServer, start_java_server, stopped_cleanly

from polyglot_interop.cli.demos import DEMOS
from polyglot_interop.cli.main import COMMANDS
from polyglot_interop.clients import ContactClient
from polyglot_interop.gen import contact_pb2

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


def test_gcn_names_the_service_demo_as_in_the_java_and_go_clients(java_server: RunningServer) -> None:
    result = run_cli("--target", java_server.address, "gcn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "GCNService/ProcessGraph(node1 [0.1,0.2,0.3], node2 [0.4,0.5,0.6], node1-node2) "
        "-> node1=0.586618, node2=0.586618"]


def test_no_subcommand_is_named_like_a_service() -> None:
    assert not set(COMMANDS) & set(DEMOS)


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


def test_every_service_demo_succeeds(java_server: RunningServer) -> None:
    result = run_cli("--target", java_server.address)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for expected in [
        'muxs.FileController/Write("python-demo/hello.txt", "hello from python") -> 0',
        'muxs.FileController/Read("python-demo/hello.txt") -> hello from python',
        'muxs.FileController/List("python-demo") -> data.bin (1048576 B), hello.txt (17 B)',
        "GCNService/ProcessGraph(node1 [0.1,0.2,0.3], node2 [0.4,0.5,0.6], node1-node2) "
        "-> node1=0.586618, node2=0.586618",
        'Contact/sendStatus("ping", "pong") -> server received: ping | server received: pong',
    ]:
        assert expected in lines
    batch = next(line for line in lines if line.startswith("Contact/submitTaskBatch("))
    assert re.fullmatch(r'Contact/submitTaskBatch\("python batch 1", "python batch 2"\) -> '
                        r"\['\d+', '\d+'\]", batch), batch
    status = next(line for line in lines if line.startswith("Contact/getTaskStatus("))
    assert status.endswith('-> TASK_STATE_DONE "done: python demo task" (deliveries 1)')


def test_file_subcommands_round_trip(java_server: RunningServer, tmp_path: Path) -> None:
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(3 * 1024 * 1024 + 7))
    target = ["--target", java_server.address]
    upload = run_cli(*target, "upload", str(source), "cli/in.bin")
    assert upload.returncode == 0, upload.stderr
    assert f"{source.stat().st_size} bytes, sha256 {hashlib.sha256(source.read_bytes()).hexdigest()}" \
        in upload.stdout
    listing = run_cli(*target, "list", "cli")
    assert listing.stdout.splitlines() == [f"in.bin\t{source.stat().st_size}"]
    copy = tmp_path / "out.bin"
    download = run_cli(*target, "download", "cli/in.bin", str(copy))
    assert download.returncode == 0, download.stderr
    assert copy.read_bytes() == source.read_bytes()
    # Not a terminal: no progress bar is drawn into captured output.
    assert "\r" not in upload.stderr + download.stderr
    missing = run_cli(*target, "download", "cli/missing.bin", str(tmp_path / "never.bin"))
    assert missing.returncode == 1 and "NOT_FOUND" in missing.stderr
    assert not (tmp_path / "never.bin").exists()


def test_graph_subcommand_scores_a_json_graph(java_server: RunningServer, tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps({"nodes": {"node1": [0.1, 0.2, 0.3], "node2": [0.4, 0.5, 0.6]},
                                 "edges": [["node1", "node2"]]}))
    result = run_cli("--target", java_server.address, "graph", str(graph))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["node1\t0.586618", "node2\t0.586618"]


def test_task_subcommands_submit_work_and_report(tmp_path: Path) -> None:
    server = start_java_server(tmp_path)  # a queue of its own
    try:
        target = ["--target", server.address]
        submitted = run_cli(*target, "submit", "first", "second")
        assert submitted.returncode == 0, submitted.stderr
        ids = [line.split("\t")[0] for line in submitted.stdout.splitlines()]
        assert [line.split("\t")[1] for line in submitted.stdout.splitlines()] == ["first", "second"]
        worked = run_cli(*target, "worker", "--count", "2")
        assert worked.returncode == 0, worked.stderr
        assert sorted(worked.stdout.splitlines()) == sorted(
            [f"{ids[0]}\tfirst", f"{ids[1]}\tsecond"])
        status = run_cli(*target, "status", *ids)
        assert status.stdout.splitlines() == [
            f"{ids[0]}\tTASK_STATE_DONE\tdeliveries=1\tfirst\tdone: first",
            f"{ids[1]}\tTASK_STATE_DONE\tdeliveries=1\tsecond\tdone: second"]
    finally:
        stopped_cleanly(server)


def test_skip_unimplemented_runs_what_a_smaller_server_has(sync_server: RunningServer) -> None:
    # The reference server has Hello, Greeter and GCN only: files and contact are UNIMPLEMENTED.
    strict = run_cli("--target", sync_server.address, "hello", "files")
    assert strict.returncode == 1
    assert "FAILED: UNIMPLEMENTED" in strict.stderr
    lenient = run_cli("--target", sync_server.address, "--skip-unimplemented", "hello", "files", "gcn")
    assert lenient.returncode == 0, lenient.stderr
    assert lenient.stdout.splitlines()[0] == 'go_protoc.HelloService/Hello("test") -> hello:test'
    assert "muxs.FileController/Write" in lenient.stderr and "SKIPPED" in lenient.stderr
    assert "5 call(s) skipped" in lenient.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_worker_reconnects_when_its_server_restarts(tmp_path: Path) -> None:
    port = _free_port()
    first = start_java_server(tmp_path / "first", port=port)
    lines: queue.SimpleQueue = queue.SimpleQueue()
    worker = subprocess.Popen(
        [*CLI, "--target", f"127.0.0.1:{port}", "worker", "--reconnect", "--count", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    threading.Thread(target=lambda: [lines.put(line) for line in worker.stdout], daemon=True).start()
    second = None
    try:
        with first.channel() as channel:
            before = {ContactClient(channel).submit_task(t): t for t in ("a1", "a2")}
        got = [lines.get(timeout=60).rstrip("\n") for _ in before]
        assert sorted(got) == sorted(f"{i}\t{t}" for i, t in before.items())
        stopped_cleanly(first)  # the worker's streams end UNAVAILABLE; it keeps retrying
        second = start_java_server(tmp_path / "second", port=port)
        with second.channel() as channel:
            contact = ContactClient(channel)
            after = {contact.submit_task(t): t for t in ("b1", "b2")}
            got = [lines.get(timeout=90).rstrip("\n") for _ in after]
            assert sorted(got) == sorted(f"{i}\t{t}" for i, t in after.items())
            assert worker.wait(timeout=60) == 0
            for task_id, text in after.items():
                status = contact.task_status(task_id)
                assert (status.state, status.result) == (contact_pb2.TASK_STATE_DONE, f"done: {text}")
        stderr = worker.stderr.read()
        assert "UNAVAILABLE" in stderr and "reconnecting" in stderr and "handled 4 task(s)" in stderr
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        for server in (first, second):
            if server is not None:
                stopped_cleanly(server)
