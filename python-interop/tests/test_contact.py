"""Contact against the Java server: the status chat, the task queue and workers (at least once)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from checks import eventually, expect_status
from servers import RunningServer, start_java_server, stopped_cleanly

from polyglot_interop.clients import ContactClient
from polyglot_interop.gen import contact_pb2

DONE = contact_pb2.TASK_STATE_DONE
QUEUED = contact_pb2.TASK_STATE_QUEUED


@pytest.fixture
def contact_server(tmp_path: Path) -> Iterator[RunningServer]:
    """A server of the test's own: a task queue shared with other tests would hand them our tasks."""
    server = start_java_server(tmp_path)
    yield server
    stopped_cleanly(server)


@pytest.fixture
def contact_channel(contact_server: RunningServer) -> Iterator[grpc.Channel]:
    with contact_server.channel() as channel:
        yield channel


@pytest.fixture
def contact(contact_channel: grpc.Channel) -> ContactClient:
    return ContactClient(contact_channel, timeout=30)






def test_send_status_answers_each_message_as_it_arrives(channel: grpc.Channel) -> None:
    outgoing: queue.SimpleQueue = queue.SimpleQueue()
    end = object()

    def messages() -> Iterator[str]:
        while (m := outgoing.get()) is not end:
            yield m

    replies = ContactClient(channel, timeout=30).send_status(messages())
    for i in range(20):
        outgoing.put(f"status {i}")
        # The next message is sent only after this reply: a server that waited for more
        # messages (or for the half-close) would make this call hit its deadline.
        assert next(replies) == f"server received: status {i}"
    outgoing.put(end)
    assert list(replies) == []  # ends OK after the half-close


def test_send_status_keeps_the_order_of_many_messages(channel: grpc.Channel) -> None:
    messages = [f"m{i}" for i in range(2000)]
    assert list(ContactClient(channel, timeout=60).send_status(messages)) == [
        f"server received: {m}" for m in messages]


def test_send_status_with_no_messages_ends_ok(channel: grpc.Channel) -> None:
    assert list(ContactClient(channel).send_status([])) == []


def test_submitted_task_is_queued_until_a_worker_takes_it(contact: ContactClient) -> None:
    task_id = contact.submit_task("wash the dishes")
    assert task_id
    status = contact.task_status(task_id)
    assert (status.task_id, status.task, status.state, status.deliveries, status.result) == (
        task_id, "wash the dishes", QUEUED, 0, "")


def test_task_status_errors(channel: grpc.Channel) -> None:
    contact = ContactClient(channel)
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: contact.task_status("no-such-task"))
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: contact.task_status(""))
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: contact.submit_task(""))


def test_a_full_queue_is_resource_exhausted(tmp_path: Path) -> None:
    server = start_java_server(tmp_path, "--contact-max-queued", "3")
    try:
        with server.channel() as channel:
            contact = ContactClient(channel)
            contact.submit_task("one")
            # A batch that does not fit is refused whole; one that fits exactly is taken.
            failure = expect_status(grpc.StatusCode.RESOURCE_EXHAUSTED,
                                    lambda: contact.submit_task_batch(["two", "three", "four"]))
            assert "no room for a batch of 3" in failure.details()
            assert len(contact.submit_task_batch(["two", "three"])) == 2
            expect_status(grpc.StatusCode.RESOURCE_EXHAUSTED, lambda: contact.submit_task("four"))
    finally:
        stopped_cleanly(server)


def test_a_task_batch_is_queued_in_order_or_not_at_all(contact: ContactClient) -> None:
    failure = expect_status(grpc.StatusCode.INVALID_ARGUMENT,
                            lambda: contact.submit_task_batch(["fine", "", "fine too"]))
    assert "task 1 of the batch" in failure.details()
    texts = [f"batch {i}" for i in range(1000)]
    ids = contact.submit_task_batch(texts)
    assert len(set(ids)) == len(texts)
    for i in (0, 499, 999):
        status = contact.task_status(ids[i])
        assert (status.task, status.state) == (texts[i], QUEUED)
    assert contact.submit_task_batch([]) == []


def test_submit_tasks_answers_each_task_with_its_id_and_stops_at_the_first_refused(
        contact: ContactClient) -> None:
    texts = [f"streamed {i}" for i in range(50)]
    ids = list(contact.submit_tasks(texts))
    assert len(set(ids)) == len(texts)
    for i in (0, 49):
        status = contact.task_status(ids[i])
        assert (status.task, status.state) == (texts[i], QUEUED)
    received: list[str] = []

    def submit_with_an_empty_task() -> None:
        for task_id in contact.submit_tasks(["first", "", "never"]):
            received.append(task_id)

    failure = expect_status(grpc.StatusCode.INVALID_ARGUMENT, submit_with_an_empty_task)
    assert "task 1 of this submitTasks stream" in failure.details()
    assert [contact.task_status(i).task for i in received] == ["first"]


def test_worker_gets_a_task_and_its_result_is_kept(contact: ContactClient) -> None:
    task_id = contact.submit_task("compute 6*7")

    def handle(task: contact_pb2.ServerMsg) -> str:
        assert (task.task_id, task.task) == (task_id, "compute 6*7")
        worker.stop()  # graceful: this task's result is acknowledged before leaving
        return "42"

    worker = contact.worker(handle)
    assert worker.run() == 1
    status = contact.task_status(task_id)
    assert (status.state, status.result, status.deliveries) == (DONE, "42", 1)


def test_get_task_has_a_deadline_when_asked(contact: ContactClient) -> None:
    stream = contact.tasks(timeout=0.5)  # an empty queue: nothing arrives before the deadline
    expect_status(grpc.StatusCode.DEADLINE_EXCEEDED, lambda: next(stream))


def test_cancelling_get_task_puts_its_unacknowledged_task_back(contact: ContactClient) -> None:
    task_id = contact.submit_task("abandoned")
    stream = contact.tasks()
    assert next(stream).task_id == task_id
    assert contact.task_status(task_id).state == contact_pb2.TASK_STATE_IN_FLIGHT
    stream.cancel()
    assert eventually(lambda: contact.task_status(task_id).state == QUEUED)
    # ...and the next worker gets it: a second delivery.
    again = contact.tasks(timeout=30)
    assert next(again).task_id == task_id
    contact.tell_results([(task_id, "finished by the second worker")])
    again.cancel()
    status = contact.task_status(task_id)
    assert (status.state, status.result, status.deliveries) == (DONE, "finished by the second worker", 2)


def test_a_worker_that_does_not_read_holds_a_bounded_number_of_tasks(contact: ContactClient) -> None:
    stalled = contact.tasks(timeout=60)  # opened, never read: a stuck worker
    ids = [contact.submit_task(f"t{i}") for i in range(50)]

    def states() -> list[int]:
        return [contact.task_status(task_id).state for task_id in ids]

    # The server hands a worker only a bounded window of unacknowledged tasks (flow control and
    # --contact-max-in-flight, 8 by default); everything else waits in the queue.
    assert eventually(lambda: contact_pb2.TASK_STATE_IN_FLIGHT in states(), timeout=30)
    in_flight = states().count(contact_pb2.TASK_STATE_IN_FLIGHT)
    assert 1 <= in_flight <= 8
    assert states().count(QUEUED) == 50 - in_flight
    stalled.cancel()
    assert eventually(lambda: states().count(QUEUED) == 50, timeout=30)


def test_results_without_a_task_id_are_kept_and_acknowledge_nothing(
        contact_server: RunningServer, contact: ContactClient) -> None:
    """docs/contact.md: results without a task_id (or with an unknown one) are kept and
    acknowledge nothing: the call ends OK, the task a worker holds stays in flight."""
    task_id = contact.submit_task("held while loose results arrive")
    stream = contact.tasks(timeout=60)
    assert next(stream).task_id == task_id
    contact.tell_results([("", "a loose result"), ("no-such-id", "another")])
    status = contact.task_status(task_id)
    assert (status.state, status.result) == (contact_pb2.TASK_STATE_IN_FLIGHT, "")
    logged = ["result without task id (kept, acknowledges nothing), 14 chars: a loose result",
              "result for unknown task id 'no-such-id' (kept, acknowledges nothing), 7 chars: another"]
    assert eventually(lambda: all(line in contact_server.stderr() for line in logged), timeout=30), \
        contact_server.stderr()
    stream.cancel()


def test_workers_end_unavailable_when_the_server_stops(contact_server: RunningServer,
                                                       contact: ContactClient) -> None:
    stream = contact.tasks(timeout=60)
    task_id = contact.submit_task("in hand at shutdown")
    assert next(stream).task_id == task_id
    assert contact_server.stop() == 0, contact_server.stderr()
    expect_status(grpc.StatusCode.UNAVAILABLE, lambda: next(stream))


class SimulatedDisconnect(Exception):
    """Raised by worker A's handler right after it dropped its connection."""


def test_a_thousand_tasks_with_a_disconnect_in_the_middle_lose_nothing(
        contact_server: RunningServer, contact: ContactClient) -> None:
    tasks = {contact.submit_task(f"task {i}"): f"task {i}" for i in range(1000)}
    assert len(tasks) == 1000

    # Worker A works 400 tasks, then its connection drops while it holds the 401st: that task
    # (and any others the server had pushed to A) must go to worker B.
    a_channel = contact_server.channel()
    handled_by_a: list[str] = []
    in_hand: list[str] = []

    def handle_a(task: contact_pb2.ServerMsg) -> str:
        if len(handled_by_a) == 400:
            in_hand.append(task.task_id)
            a_channel.close()
            raise SimulatedDisconnect()
        handled_by_a.append(task.task_id)
        return f"done: {task.task}"

    with pytest.raises(SimulatedDisconnect):
        ContactClient(a_channel).worker(handle_a).run()

    # Worker B, on a connection of its own, works until the server reports every task done.
    handled_by_b: list[str] = []
    with contact_server.channel() as b_channel:
        def handle_b(task: contact_pb2.ServerMsg) -> str:
            handled_by_b.append(task.task_id)
            return f"done: {task.task}"

        worker_b = ContactClient(b_channel).worker(handle_b)
        runner = threading.Thread(target=worker_b.run)
        runner.start()
        pending = set(tasks)
        try:
            def all_done() -> bool:
                pending.difference_update(
                    [t for t in list(pending) if contact.task_status(t).state == DONE])
                return not pending
            assert eventually(all_done, timeout=120, interval=0.2), f"{len(pending)} task(s) never done"
        finally:
            worker_b.stop()
            runner.join(60)
        assert not runner.is_alive()

    statuses = {task_id: contact.task_status(task_id) for task_id in tasks}
    for task_id, text in tasks.items():
        assert (statuses[task_id].state, statuses[task_id].result) == (DONE, f"done: {text}")
    assert set(handled_by_a) | set(handled_by_b) == set(tasks)
    assert in_hand[0] in handled_by_b and statuses[in_hand[0]].deliveries >= 2
    assert len(handled_by_a) == 400 and len(handled_by_b) >= 600
