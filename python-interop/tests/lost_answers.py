"""Losing a call's answer after the server acted on it, for real: a TCP proxy that cuts every
connection on demand (the client sees UNAVAILABLE) and a psql session holding a table lock (the
server's write waits, its call open, until the lock is let go)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from urllib.parse import parse_qs, urlsplit

PSQL_TIMEOUT = 30.0  # seconds, bounds every psql call and wait


class CutProxy:
    """Forwards loopback TCP connections to ``backend`` (host:port) until close()."""

    def __init__(self, backend: str) -> None:
        host, port = backend.rsplit(":", 1)
        self._backend = (host, int(port))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._listener.getsockname()[1]}"

    def cut_all(self) -> None:
        """Closes every connection open now; new ones are forwarded again."""
        with self._lock:
            for s in self._sockets:
                with contextlib.suppress(OSError):  # already closed by the other side
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._sockets.clear()

    def close(self) -> None:
        self._listener.close()
        self.cut_all()
        for thread in self._threads:
            thread.join(timeout=PSQL_TIMEOUT)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            server = socket.create_connection(self._backend)
            with self._lock:
                self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                thread = threading.Thread(target=self._pipe, args=(source, sink), daemon=True)
                self._threads.append(thread)
                thread.start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass  # cut
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


def psql_target(jdbc_url: str) -> list[str]:
    """psql's connection flags for a jdbc:postgresql:// URL."""
    url = urlsplit(jdbc_url.removeprefix("jdbc:"))
    user = parse_qs(url.query)["user"][0]
    return ["-h", url.hostname, "-p", str(url.port), "-U", user, "-d", url.path.lstrip("/"),
            "-v", "ON_ERROR_STOP=1"]


def query(target: list[str], sql: str) -> str:
    """One query's single value, through psql."""
    done = subprocess.run(["psql", *target, "-tAc", sql], capture_output=True, text=True,
                          timeout=PSQL_TIMEOUT, check=True)
    return done.stdout.strip()


def await_query(target: list[str], sql: str, want: str) -> None:
    """Polls sql until it returns want, for at most PSQL_TIMEOUT seconds."""
    deadline = time.monotonic() + PSQL_TIMEOUT
    while (got := query(target, sql)) != want:
        assert time.monotonic() < deadline, f"{sql!r} still {got} after {PSQL_TIMEOUT} s"


class TableLock:
    """A psql session holding ``table`` locked against writes until release()."""

    def __init__(self, target: list[str], table: str) -> None:
        self._psql = subprocess.Popen(["psql", *target], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
        self._psql.stdin.write(f"BEGIN;\nLOCK TABLE {table} IN EXCLUSIVE MODE;\n")
        self._psql.stdin.flush()
        # psql prints each command's tag once it completed: the lock is held after this one.
        for line in self._psql.stdout:
            if line.strip() == "LOCK TABLE":
                return
        raise RuntimeError(f"psql ended (exit {self._psql.wait()}) before locking {table}")

    def release(self) -> None:
        """Commits (letting the waiting writes go) and waits for psql to exit 0."""
        if self._psql.poll() is None:
            self._psql.communicate("COMMIT;\n", timeout=PSQL_TIMEOUT)
        assert self._psql.returncode == 0, f"psql holding the lock exited {self._psql.returncode}"
