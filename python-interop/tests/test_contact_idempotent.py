"""The Python client's submits are safe to retry (docs/contact.md, "Idempotent submits"): a batch
whose answer is lost after the server stored it, retried by the client with the same
idempotency key, is queued once."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from lost_answers import CutProxy, TableLock, await_query, psql_target, query
from scratch_postgres import ScratchPostgres
from servers import start_java_server, stopped_cleanly

from polyglot_interop.clients import ContactClient
from polyglot_interop.gen import contact_pb2

# The module's first test also starts PostgreSQL, which on a fresh machine first installs it.
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScratchPostgres]:
    scratch = ScratchPostgres(tmp_path_factory.mktemp("scratch-postgres"))
    yield scratch
    scratch.stop()


def test_a_batch_retried_after_its_answer_was_lost_is_queued_once(
        postgres: ScratchPostgres, tmp_path: Path) -> None:
    with postgres.fresh_database() as url:
        server = start_java_server(tmp_path, "--contact-store", url)
        proxy = CutProxy(server.address)
        target = psql_target(url)
        try:
            with server.channel() as direct, grpc.insecure_channel(proxy.address) as through_proxy:
                contact = ContactClient(through_proxy, timeout=30)
                tasks = [f"lost-{i}" for i in range(5)]
                # The server's insert of the batch waits on this lock, its call open.
                lock = TableLock(target, "contact_task")
                try:
                    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                        submitted = pool.submit(contact.submit_task_batch, tasks)
                        await_query(target, "SELECT count(*) FROM pg_stat_activity"
                                    " WHERE wait_event_type = 'Lock'"
                                    " AND query LIKE 'INSERT INTO contact_task%'", "1")
                        # The client loses its connection (UNAVAILABLE) while the server still
                        # holds the call; then the server commits the batch, whose answer nobody
                        # receives. The client retries with the same key.
                        proxy.cut_all()
                        lock.release()
                        ids = submitted.result(timeout=60)
                finally:
                    lock.release()
                assert len(ids) == len(tasks)
                assert query(target, "SELECT count(*) FROM contact_task") == str(len(tasks)), \
                    "the retry queued the batch again"
                statuses = [ContactClient(direct).task_status(task_id) for task_id in ids]
                assert [(s.task, s.state) for s in statuses] == \
                    [(task, contact_pb2.TASK_STATE_QUEUED) for task in tasks]
        finally:
            proxy.close()
            stopped_cleanly(server)
