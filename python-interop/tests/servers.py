"""Starting and stopping real servers as subprocesses, for the fixtures.

A server prints one stdout line, ``listening on HOST:PORT``, once it accepts calls; we wait for
that line (bounded) instead of sleeping, and stop the server with SIGTERM, expecting exit 0.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

import grpc

from polyglot_interop.connection import DEFAULT_MAX_MESSAGE_BYTES

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # seconds: a cold JVM on a busy 2-core machine
STOP_TIMEOUT = 30.0


def server_jar() -> Path:
    """The Java server jar: env POLYGLOT_SERVER_JAR, else the one scripts/build makes."""
    jar = Path(os.environ.get("POLYGLOT_SERVER_JAR",
                              REPO / "java-server" / "target" / "polyglot-server.jar"))
    if not jar.is_file():
        raise FileNotFoundError(f"{jar} is missing: run scripts/build (scripts/test python does)")
    return jar


@dataclasses.dataclass
class RunningServer:
    """A server process and the address it listens on."""

    process: subprocess.Popen
    address: str
    stderr_path: Path

    def channel(self, **options) -> grpc.Channel:
        """A new plaintext channel to the server (the caller closes it)."""
        opts = {"grpc.max_receive_message_length": DEFAULT_MAX_MESSAGE_BYTES,
                "grpc.max_send_message_length": DEFAULT_MAX_MESSAGE_BYTES, **options}
        return grpc.insecure_channel(self.address, options=list(opts.items()))

    def stop(self) -> int:
        """SIGTERM, wait (bounded) and return the exit code; kills it if it overstays."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        return self.process.returncode

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


def stopped_cleanly(server: RunningServer) -> None:
    """Stops server and fails the test unless it exited 0 on SIGTERM."""
    code = server.stop()
    assert code == 0, f"server exited {code} on SIGTERM; stderr:\n{server.stderr()}"


def start(command: list[str], stderr_path: Path, timeout: float = START_TIMEOUT,
          ready: str = "listening on ") -> RunningServer:
    """Runs command and waits (at most timeout seconds) for its first stdout line, ``ready``
    followed by its address (``listening on HOST:PORT`` for servers); address is the rest."""
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
    # readline blocks; run it on a worker thread so the wait has a deadline.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            line = pool.submit(process.stdout.readline).result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            process.kill()
            process.wait()
            raise RuntimeError(f"{command[:3]} did not print {ready!r} within {timeout}s: "
                               f"{stderr_path.read_text(errors='replace')}") from None
    if not line.startswith(ready):
        process.kill()
        process.wait()
        raise RuntimeError(f"{command[:3]} printed {line!r}, not {ready!r}: "
                           f"{stderr_path.read_text(errors='replace')}")
    return RunningServer(process, line.removeprefix(ready).strip(), stderr_path)


def start_java_server(work: Path, *flags: str, port: int = 0) -> RunningServer:
    """The Java server jar on a loopback port (0: a free one), serving files under work/files,
    its task queue in work/data."""
    files_root = work / "files"
    files_root.mkdir(parents=True, exist_ok=True)
    return start(["java", "-jar", str(server_jar()), "--port", str(port), "--files-root",
                  str(files_root), "--data-dir", str(work / "data"), *flags],
                 work / "java-server.stderr")


def start_python_server(work: Path, module: str, *flags: str) -> RunningServer:
    """A reference Python server (polyglot_interop.servers.<module>) on a free port."""
    return start([sys.executable, "-m", f"polyglot_interop.servers.{module}", "--port", "0", *flags],
                 work / f"python-{module}.stderr")
