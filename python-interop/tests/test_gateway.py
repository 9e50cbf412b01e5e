"""The REST/JSON gateway (scripts/gateway) in front of the Java server, called the way any HTTP
client would: the standard library's urllib, JSON bodies, raw bytes for files."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest
from servers import REPO, RunningServer, start

GATEWAY = REPO / "scripts" / "gateway"
TIMEOUT = 30.0  # seconds, per HTTP request


@pytest.fixture(scope="module")
def gateway(java_server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """scripts/gateway on a free port in front of the session's Java server; its base URL."""
    work = tmp_path_factory.mktemp("gateway")
    # The first run builds the gateway and installs Swagger UI: be patient.
    server = start([str(GATEWAY), "--backend", java_server.address, "--port", "0"],
                   work / "gateway.stderr", timeout=600)
    yield f"http://{server.address}"
    server.process.send_signal(signal.SIGTERM)
    try:
        code = server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise
    rest = server.process.stdout.read()
    server.process.stdout.close()
    assert code == 0, f"gateway exited {code} on SIGTERM; stderr:\n{server.stderr()}"
    assert rest == "", f"gateway printed more than its one stdout line: {rest!r}"


def request(method: str, url: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    """One HTTP exchange (headers looked up case-insensitively); error statuses are returned
    like any other."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers, e.read()


def post_json(url: str, payload: object) -> tuple[int, object]:
    status, _, body = request("POST", url, json.dumps(payload).encode(),
                              {"Content-Type": "application/json"})
    return status, json.loads(body)


def test_the_original_demo_call(gateway: str) -> None:
    status, _, body = request("POST", f"{gateway}/v1/hello", b'{"name": "world"}')
    assert (status, body) == (200, b'{"message":"Hello, world!"}')


def test_json_routes(gateway: str) -> None:
    assert post_json(f"{gateway}/v1/square", {"value": 231}) == (200, {"value": 15.198684})
    assert post_json(f"{gateway}/v1/hello-service", {"value": "test"}) == (200, {"value": "hello:test"})
    graph = {"nodes": [{"id": "node1", "features": [0.1, 0.2, 0.3]},
                       {"id": "node2", "features": [0.4, 0.5, 0.6]}],
             "edges": [{"sourceId": "node1", "targetId": "node2"}]}
    status, scores = post_json(f"{gateway}/v1/graph:process", graph)
    assert status == 200
    assert scores["nodeScores"] == pytest.approx({"node1": 0.586618, "node2": 0.586618}, abs=1e-6)
    status, receipt = post_json(f"{gateway}/v1/tasks", {"task": "from python"})
    assert status == 200
    status, _, body = request("GET", f"{gateway}/v1/tasks/{receipt['taskId']}")
    assert status == 200 and json.loads(body)["task"] == "from python"
    status, _, body = request("GET", f"{gateway}/healthz")
    assert (status, json.loads(body)) == (200, {"status": "SERVING"})


def test_errors_are_http_statuses_with_the_grpc_status(gateway: str) -> None:
    status, error = post_json(f"{gateway}/v1/square", {"value": -1})
    assert status == 400 and error["code"] == 3 and "-1" in error["message"]
    # The server's google.rpc details come through as JSON (docs/errors.md).
    details = {d["@type"].rsplit(".", 1)[-1]: d for d in error["details"]}
    assert details["ErrorInfo"]["domain"] == "grpc-polyglot.dev"
    assert [v["field"] for v in details["BadRequest"]["fieldViolations"]] == ["value"]
    status, _, body = request("GET", f"{gateway}/v1/texts/python-missing.txt")
    assert status == 404 and "python-missing.txt" in json.loads(body)["message"]
    status, _, body = request("POST", f"{gateway}/v1/hello", b'{"name": ')
    assert status == 400 and "not valid JSON" in json.loads(body)["message"]


def test_raw_file_put_and_get(gateway: str) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB, every byte value
    digest = hashlib.sha256(data).hexdigest()
    url = f"{gateway}/v1/files/python/all-bytes.bin"
    status, headers, body = request("PUT", url, data, {"Content-Type": "application/octet-stream"})
    assert status == 200 and json.loads(body) == {"size": str(len(data)), "sha256": digest}
    status, headers, body = request("GET", url)
    assert (status, body) == (200, data)
    assert headers["ETag"] == f'"{digest}"' and headers["Content-Length"] == str(len(data))
    status, headers, body = request("GET", url, headers={"Range": "bytes=256-511"})
    assert (status, body) == (206, bytes(range(256)))
    assert headers["Content-Range"] == f"bytes 256-511/{len(data)}"
