"""A throwaway PostgreSQL for the shared-queue tests: scripts/scratch-postgres as a subprocess,
one fresh database per test so tests never see each other's tasks."""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from servers import REPO, RunningServer, start, stopped_cleanly

# The first run on a fresh machine installs Debian's postgresql packages (scripts/apt-ensure).
START_TIMEOUT = 600.0
USER = "polyglot"  # the cluster's only user, trusted on loopback
_database_numbers = itertools.count()


class ScratchPostgres:
    """scripts/scratch-postgres running: its cluster lives until stop()."""

    def __init__(self, work: Path) -> None:
        try:
            self._process: RunningServer = start([str(REPO / "scripts" / "scratch-postgres")],
                                                 work / "scratch-postgres.stderr",
                                                 timeout=START_TIMEOUT, ready="postgres on ")
        except RuntimeError as e:
            raise RuntimeError(f"PostgreSQL for the replica tests did not start: {e}") from None
        # jdbc:postgresql://127.0.0.1:PORT/polyglot?user=polyglot
        self._url = urlsplit(self._process.address.removeprefix("jdbc:"))

    def stop(self) -> None:
        """Stops PostgreSQL (the script deletes its cluster); fails unless it exits 0."""
        stopped_cleanly(self._process)

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        """A new empty database, dropped afterwards; yields its JDBC URL for --contact-store."""
        name = f"replicas_{os.getpid()}_{next(_database_numbers)}"
        self._client("createdb", name)
        try:
            yield "jdbc:" + urlunsplit(self._url._replace(path="/" + name))
        finally:
            # After the servers stopped: PostgreSQL refuses to drop a database still in use.
            self._client("dropdb", name)

    def _client(self, program: str, database: str) -> None:
        """Runs createdb or dropdb (postgresql-client, installed by the script) on database."""
        done = subprocess.run([program, "-h", self._url.hostname, "-p", str(self._url.port),
                               "-U", USER, database], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{program} {database} exited {done.returncode}: {done.stderr}")
