"""Client of ``/Contact``: the status chat, task submission and the worker loop."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, cast

import grpc

from polyglot_interop.clients.idempotent import (
    DEFAULT_RETRY,
    IDEMPOTENCY_KEY_HEADER,
    Retry,
    call_with_retry,
    new_key,
)
from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT, Client, logged_failure
from polyglot_interop.gen import contact_pb2, contact_pb2_grpc

logger = logging.getLogger(__name__)

#: Turns a task pushed by the server into the result text reported back.
TaskHandler = Callable[[contact_pb2.ServerMsg], str]



class _TaskStream(Iterator[contact_pb2.ServerMsg], Protocol):
    """What a worker holds of its getTask call: the tasks, and a way to leave the call."""

    def cancel(self) -> bool: ...

class ContactClient(Client):
    """Calls ``Contact``. Worker streams have no deadline by default: a worker lives until stopped.

    Submits carry an idempotency key (a fresh one per call unless ``key=`` is given) and are
    retried on UNAVAILABLE with the same key as ``retry`` says, all under the call's deadline.
    """

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT, *,
                 retry: Retry = DEFAULT_RETRY) -> None:
        super().__init__(timeout)
        self._stub = contact_pb2_grpc.ContactStub(channel)
        self._retry = retry

    def send_status(self, messages: Iterable[str], *,
                    timeout: float | None = None) -> Iterator[str]:
        """Sends each message on one bidi stream; yields each reply ("server received: " + msg).

        Replies come as each message arrives, so messages may be produced lazily (e.g. from a
        queue) while replies are being read.
        """
        call = self._stub.sendStatus((contact_pb2.ClientMsg(msg=m) for m in messages),
                                     timeout=self._deadline(timeout))
        try:
            with logged_failure("Contact/sendStatus"):
                for result in call:
                    yield result.ret
        finally:
            call.cancel()  # the caller stopped reading early: end the stream (no-op once done)

    def submit_task(self, task: str, *, timeout: float | None = None,
                    key: str | None = None) -> str:
        """Queues a task once (idempotency key, retried on UNAVAILABLE); returns its id.

        ``key``: the idempotency key to send (1-128 printable ASCII characters), for a producer
        that repeats a submit across its own restarts; default a fresh UUID.
        """
        request = contact_pb2.TaskRequest(task=task)
        with logged_failure("Contact/submitTask"):
            return call_with_retry("Contact/submitTask",
                                   lambda **call: self._stub.submitTask(request, **call),
                                   key=key or new_key(), timeout=self._deadline(timeout),
                                   retry=self._retry).task_id

    def submit_tasks(self, tasks: Iterable[str], *, timeout: float | None = None,
                     key: str | None = None) -> Iterator[str]:
        """Queues each task on one submitTasks stream; yields each task's id, in order, once queued.

        Tasks may be produced lazily while ids are read. The first task that cannot be queued
        (empty, queue full) ends the stream with its status, the message naming its index; every
        id yielded before it belongs to a queued task. The stream carries an idempotency key
        (``key``, default a fresh UUID) but is not retried: its tasks may be a one-time iterator.
        """
        call = self._stub.submitTasks((contact_pb2.TaskRequest(task=t) for t in tasks),
                                      timeout=self._deadline(timeout),
                                      metadata=((IDEMPOTENCY_KEY_HEADER, key or new_key()),))
        try:
            with logged_failure("Contact/submitTasks"):
                for receipt in call:
                    yield receipt.task_id
        finally:
            call.cancel()  # the caller stopped reading early: end the stream (no-op once done)

    def submit_task_batch(self, tasks: Iterable[str], *, timeout: float | None = None,
                          key: str | None = None) -> list[str]:
        """Queues many tasks in one call, all or none (at most 10,000); returns their ids in order.

        The cheapest way to queue tasks that are at hand. On INVALID_ARGUMENT (an empty task,
        named by its index) or RESOURCE_EXHAUSTED (no room for the whole batch) nothing was queued.
        Idempotent and retried on UNAVAILABLE like submit_task.
        """
        request = contact_pb2.TaskBatch(tasks=tasks)
        with logged_failure("Contact/submitTaskBatch"):
            return list(call_with_retry("Contact/submitTaskBatch",
                                        lambda **call: self._stub.submitTaskBatch(request, **call),
                                        key=key or new_key(), timeout=self._deadline(timeout),
                                        retry=self._retry).task_ids)

    def task_status(self, task_id: str, *, timeout: float | None = None) -> contact_pb2.TaskStatus:
        """Where a task is (QUEUED, IN_FLIGHT, DONE), its result and delivery count."""
        with logged_failure("Contact/getTaskStatus"):
            return self._stub.getTaskStatus(contact_pb2.TaskStatusRequest(task_id=task_id),
                                            timeout=self._deadline(timeout))

    def tasks(self, *, timeout: float | None = None) -> Iterator[contact_pb2.ServerMsg]:
        """The raw getTask stream (an iterator that is also a ``grpc.Call``; cancel() ends it).

        timeout=None means no deadline: the stream stays open until cancelled.
        """
        return self._stub.getTask(contact_pb2.Empty(), timeout=timeout)

    def tell_results(self, results: Iterable[tuple[str, str]], *,
                     timeout: float | None = None) -> None:
        """Reports ``(task_id, result)`` pairs on one tellResult stream; each acknowledges its task."""
        with logged_failure("Contact/tellResult"):
            self._stub.tellResult(
                (contact_pb2.Result(task_id=task_id, ret=ret) for task_id, ret in results),
                timeout=self._deadline(timeout))

    def worker(self, handler: TaskHandler) -> Worker:
        """A worker that runs handler on every task the server pushes (see Worker.run)."""
        return Worker(self._stub, handler, self._timeout)


_END = object()


class Worker:
    """Takes tasks from getTask and acknowledges each on one open tellResult stream.

    Delivery is at least once: a task this worker received but did not acknowledge (it stopped,
    crashed or lost its connection first) goes back to the server's queue for another worker.
    """

    def __init__(self, stub: contact_pb2_grpc.ContactStub, handler: TaskHandler,
                 timeout: float | None) -> None:
        self._stub = stub
        self._handler = handler
        self._timeout = timeout
        self._stopping = threading.Event()
        self._tasks: grpc.Call | None = None
        self._lock = threading.Lock()
        self._run_thread: int | None = None

    def run(self, max_tasks: int | None = None) -> int:
        """Handles tasks until stop() or max_tasks; returns how many it handled.

        Raises ``grpc.RpcError`` when a stream fails for any other reason than stop() (e.g. the
        server shut down: UNAVAILABLE), after cancelling both streams.
        """
        results: queue.SimpleQueue[object] = queue.SimpleQueue()

        def outgoing() -> Iterator[contact_pb2.Result]:
            while (result := results.get()) is not _END:
                yield cast(contact_pb2.Result, result)

        # No deadline on either stream: a worker is long-lived by design; stop() ends it.
        acks = self._stub.tellResult.future(outgoing())
        with self._lock:
            tasks = self._tasks = self._stub.getTask(contact_pb2.Empty())
            if self._stopping.is_set():
                tasks.cancel()
        # If the result stream dies first (e.g. refused), taking more tasks would only strand
        # them with this worker: leave getTask too, and report the result stream's error.
        def leave_tasks(_: grpc.Future[contact_pb2.Empty]) -> None:
            tasks.cancel()

        acks.add_done_callback(leave_tasks)
        self._run_thread = threading.get_ident()
        try:
            handled = self._work(tasks, results, max_tasks, acks)
        finally:
            # Always end the request generator, or gRPC's thread feeding tellResult would wait on
            # the queue forever after a failure.
            results.put(_END)
        # Half-close tellResult (done above) and wait until the server took every
        # acknowledgement; only then leave getTask: tasks received but not handled go back to
        # the queue.
        try:
            with logged_failure("Contact/tellResult"):
                acks.result(timeout=self._timeout)
        finally:
            tasks.cancel()
        logger.info("worker stopped after %d task(s)", handled)
        return handled

    def _work(self, tasks: _TaskStream, results: queue.SimpleQueue[object],
              max_tasks: int | None, acks: grpc.Future[contact_pb2.Empty]) -> int:
        """The task loop of run(): handles tasks and queues their results; returns the count."""
        handled = 0
        try:
            if max_tasks != 0:
                for task in tasks:
                    results.put(contact_pb2.Result(task_id=task.task_id, ret=self._handler(task)))
                    handled += 1
                    if handled == max_tasks or self._stopping.is_set():
                        break
        except grpc.RpcError as e:
            failure = acks.exception() if acks.done() and not acks.cancelled() else None
            if failure is not None:
                logger.warning("Contact/tellResult failed: %s", failure)
                raise failure from None
            if not (self._stopping.is_set() and e.code() == grpc.StatusCode.CANCELLED):
                logger.warning("Contact/getTask failed: %s %s", e.code().name, e.details())
                acks.cancel()
                raise
        except BaseException:
            # The handler failed: its task stays unacknowledged and will be redelivered.
            acks.cancel()
            tasks.cancel()
            raise
        return handled

    def stop(self) -> None:
        """Ends run(). From the handler: after this task's result is acknowledged (graceful).

        From another thread: leaves getTask at once (it may be blocked waiting for a task) and
        still reports the task in hand, which the server may have re-queued by then (at least once).
        """
        with self._lock:
            self._stopping.set()
            if self._tasks is not None and threading.get_ident() != self._run_thread:
                self._tasks.cancel()
