"""Contact's queue shared by two server replicas through PostgreSQL (docs/durable-queue.md):
a worker on one replica gets the tasks submitted on the other."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from checks import eventually
from scratch_postgres import ScratchPostgres
from servers import RunningServer, start_java_server, stopped_cleanly

from polyglot_interop.clients import ContactClient
from polyglot_interop.clients.contact import TaskHandler
from polyglot_interop.gen import contact_pb2

DONE = contact_pb2.TASK_STATE_DONE
IN_FLIGHT = contact_pb2.TASK_STATE_IN_FLIGHT
WAIT = 60.0  # seconds: bounds every wait for a task or a worker on a busy 2-core machine
# Longer than any test: every redelivery seen here comes from a worker stream that ended, never
# from a lease running out, so delivery counts are exact.
LEASE = "10m"

# The module's first test also starts PostgreSQL, which on a fresh machine first installs it.
pytestmark = pytest.mark.timeout(600)


@dataclasses.dataclass
class Replica:
    server: RunningServer
    contact: ContactClient


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScratchPostgres]:
    """One PostgreSQL for the module (stopped, its files deleted, exit 0 asserted)."""
    scratch = ScratchPostgres(tmp_path_factory.mktemp("scratch-postgres"))
    yield scratch
    scratch.stop()


@pytest.fixture
def replicas(postgres: ScratchPostgres, tmp_path: Path) -> Iterator[tuple[Replica, Replica]]:
    """Replicas A and B sharing a database of this test's own (so no other test's tasks)."""
    with postgres.fresh_database() as url:
        # Started together, as replicas are: they also take Flyway's lock in turn.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            starting = [pool.submit(start_java_server, tmp_path / name, "--contact-store", url,
                                    "--contact-lease", LEASE) for name in ("a", "b")]
            concurrent.futures.wait(starting)
        started = [f.result() for f in starting if f.exception() is None]
        try:
            for f in starting:
                f.result()  # raises why a replica did not start
            channels = [server.channel() for server in started]
            try:
                yield tuple(Replica(server, ContactClient(channel, timeout=30))
                            for server, channel in zip(started, channels, strict=True))
            finally:
                for channel in channels:
                    channel.close()
        finally:
            # Stop both before asserting, so a failed one does not leave the other running.
            codes = [server.stop() for server in started]
        for server, code in zip(started, codes, strict=True):
            assert code == 0, f"replica exited {code} on SIGTERM; stderr:\n{server.stderr()}"


@contextmanager
def working(contact: ContactClient, handler: TaskHandler) -> Iterator[concurrent.futures.Future]:
    """A worker (getTask + tellResult) running on a thread while in the block; leaving the block
    stops it and waits until the server confirmed its results. Yields the future of run()."""
    worker = contact.worker(handler)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        run = pool.submit(worker.run)
        try:
            yield run
        finally:
            worker.stop()
            run.result(timeout=WAIT)  # raises the worker's failure, if any


def take(received: queue.SimpleQueue, what: str) -> contact_pb2.ServerMsg:
    """The next task a worker's handler put in received, failing after WAIT seconds."""
    try:
        return received.get(timeout=WAIT)
    except queue.Empty:
        pytest.fail(f"no task reached {what} within {WAIT}s")


def result_of(task: contact_pb2.ServerMsg) -> str:
    return f"done: {task.task}"


def forward_to(received: queue.SimpleQueue) -> TaskHandler:
    """A handler that passes each task to received and answers result_of(task)."""
    def handle(task: contact_pb2.ServerMsg) -> str:
        received.put(task)
        return result_of(task)
    return handle


def assert_done(replica: Replica, tasks: dict[str, str], deliveries: int) -> None:
    """Every task (id -> text) is DONE with its result after exactly deliveries deliveries, as
    replica tells. The results are confirmed already: no waiting here."""
    for task_id, text in tasks.items():
        status = replica.contact.task_status(task_id)
        assert (status.state, status.result, status.deliveries) == (
            DONE, f"done: {text}", deliveries), task_id


def wait_done(replica: Replica, task_ids: Iterable[str]) -> set[str]:
    """Polls replica's getTaskStatus until every task is DONE (its result stored) or WAIT
    seconds passed; the ids still not DONE (empty when all are)."""
    pending = set(task_ids)

    def all_done() -> bool:
        pending.difference_update(
            [t for t in list(pending) if replica.contact.task_status(t).state == DONE])
        return not pending
    eventually(all_done, timeout=WAIT)
    return pending


def test_a_worker_on_b_gets_a_task_submitted_on_a(replicas: tuple[Replica, Replica]) -> None:
    a, b = replicas
    received: queue.SimpleQueue = queue.SimpleQueue()
    with working(b.contact, forward_to(received)) as worker_b:
        task_id = a.contact.submit_task("cross the replicas")
        task = take(received, "the worker on B")
    assert (task.task_id, task.task) == (task_id, "cross the replicas")
    assert worker_b.result() == 1  # its result confirmed: stored, so DONE on every replica
    for replica in (a, b):
        assert_done(replica, {task_id: "cross the replicas"}, deliveries=1)


def test_a_batch_on_a_is_worked_by_workers_on_both_replicas(
        replicas: tuple[Replica, Replica]) -> None:
    a, b = replicas
    texts = [f"batch task {i}" for i in range(200)]
    tasks = dict(zip(a.contact.submit_task_batch(texts), texts, strict=True))
    assert len(tasks) == len(texts)

    handled: dict[str, dict[str, str]] = {"A": {}, "B": {}}  # worker -> task id -> text
    lock = threading.Lock()
    # Each worker holds its first task until the other has one too: while one holds its full
    # window, the remaining tasks can only go to the other, so both replicas take part.
    both_working = threading.Barrier(2, timeout=WAIT)

    def handler_for(name: str) -> TaskHandler:
        def handle(task: contact_pb2.ServerMsg) -> str:
            with lock:
                first = not handled[name]
                handled[name][task.task_id] = task.task
            if first:
                both_working.wait()
            return result_of(task)
        return handle

    with working(a.contact, handler_for("A")), working(b.contact, handler_for("B")):
        # A worker whose stream ends returns the tasks whose results the server has not
        # received yet (at least once): a handler that ran is not enough, the server must have
        # stored every result before either stream ends, or a task handed back goes to the
        # other worker a second time.
        unfinished = wait_done(a, tasks)
        assert not unfinished, f"{len(unfinished)} of {len(tasks)} tasks not DONE within {WAIT}s"
    # No stream ended before every result was stored and the lease never ran out: each task
    # was delivered once, to one worker, with its text.
    assert handled["A"] and handled["B"]
    assert not handled["A"].keys() & handled["B"].keys()
    assert handled["A"] | handled["B"] == tasks
    for replica in (a, b):
        assert_done(replica, tasks, deliveries=1)


def test_tasks_held_by_a_cancelled_worker_on_a_go_to_a_worker_on_b(
        replicas: tuple[Replica, Replica]) -> None:
    a, b = replicas
    holding = a.contact.tasks(timeout=WAIT)  # a worker that takes tasks and never answers
    texts = [f"held task {i}" for i in range(5)]  # within its window (--contact-max-in-flight 8)
    tasks = dict(zip(a.contact.submit_task_batch(texts), texts, strict=True))
    assert {next(holding).task_id for _ in tasks} == tasks.keys()

    received: queue.SimpleQueue = queue.SimpleQueue()
    with working(b.contact, forward_to(received)):
        # B's worker is idle: A's worker holds every task, as B also sees.
        assert {b.contact.task_status(t).state for t in tasks} == {IN_FLIGHT}
        holding.cancel()
        # Returned when the stream ended (within WAIT, far less than the lease).
        got = [take(received, "the worker on B") for _ in tasks]
    assert {t.task_id: t.task for t in got} == tasks
    assert_done(a, tasks, deliveries=2)


def test_tasks_held_by_a_replica_killed_9_go_to_the_other_after_the_lease(
        postgres: ScratchPostgres, tmp_path: Path) -> None:
    short_lease = "2s"  # renewed every third; a dead replica's tasks come back after it
    with postgres.fresh_database() as url:
        b = start_java_server(tmp_path / "b", "--contact-store", url,
                              "--contact-lease", short_lease)
        victim = start_java_server(tmp_path / "victim", "--contact-store", url,
                                   "--contact-lease", short_lease)
        channels = [b.channel(), victim.channel()]
        holding = None
        try:
            b_contact = ContactClient(channels[0], timeout=30)
            holding = ContactClient(channels[1], timeout=30).tasks(timeout=WAIT)
            texts = [f"crash task {i}" for i in range(5)]  # within the window of 8
            tasks = dict(zip(b_contact.submit_task_batch(texts), texts, strict=True))
            assert {next(holding).task_id for _ in tasks} == tasks.keys()

            received: queue.SimpleQueue = queue.SimpleQueue()
            with working(b_contact, forward_to(received)):
                assert {b_contact.task_status(t).state for t in tasks} == {IN_FLIGHT}
                victim.process.kill()  # holding all 5: nobody returns them, the lease runs out
                victim.process.wait(timeout=WAIT)
                got = [take(received, "the worker on B") for _ in tasks]
            assert {t.task_id: t.task for t in got} == tasks
            assert_done(Replica(b, b_contact), tasks, deliveries=2)
        finally:
            if holding is not None:
                holding.cancel()
            for channel in channels:
                channel.close()
            victim.stop()  # already killed, unless the test failed before
            stopped_cleanly(b)
