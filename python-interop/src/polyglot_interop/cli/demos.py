"""One demo per service: calls every RPC of it with fixed inputs and prints each reply."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable

import grpc

from polyglot_interop.cli.calls import DemoCalls, float32_text
from polyglot_interop.clients import (
    ContactClient,
    FileClient,
    GcnClient,
    GreeterClient,
    HealthClient,
    HelloClient,
    MuxsGreeterClient,
)
from polyglot_interop.gen import contact_pb2

#: Runs one service's demo calls on channel with a per-call timeout.
Demo = Callable[[grpc.Channel, float, DemoCalls], None]

#: The services Health reports (besides "" for the whole server).
CONTRACT_SERVICES = ("go_protoc.HelloService", "helloworld.Greeter", "muxs.Greeter",
                     "muxs.FileController", "GCNService", "Contact")
#: Where the files demo writes on the server (kept apart from other clients' demo files).
DEMO_FOLDER = "python-demo"


def hello(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    client = HelloClient(channel, timeout)
    calls.call('go_protoc.HelloService/Hello("test")', lambda: client.hello("test"))


def _greeter(client: GreeterClient | MuxsGreeterClient, package: str, calls: DemoCalls) -> None:
    calls.call(f'{package}.Greeter/SayHello("you")', lambda: client.say_hello("you"))
    calls.call(f"{package}.Greeter/Square(231)", lambda: float32_text(client.square(231)))


def greeter(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    _greeter(GreeterClient(channel, timeout), "helloworld", calls)


def muxs_greeter(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    _greeter(MuxsGreeterClient(channel, timeout), "muxs", calls)


def files(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    client = FileClient(channel, timeout)
    text_name, data_name = f"{DEMO_FOLDER}/hello.txt", f"{DEMO_FOLDER}/data.bin"
    data = bytes(range(256)) * 4096  # 1 MiB, every byte value
    sha = hashlib.sha256(data).hexdigest()

    def upload() -> str:
        reply = client.upload(data_name, io.BytesIO(data), len(data))
        if reply.sha256 != sha:
            raise ValueError(f"server stored sha256 {reply.sha256}, sent {sha}")
        return f"{reply.size} bytes, sha256 {reply.sha256[:16]}..."

    def download() -> str:
        got = client.download_bytes(data_name)
        if got != data:
            raise ValueError(f"downloaded {len(got)} bytes that differ from the {len(data)} uploaded")
        return f"{len(got)} bytes, sha256 {hashlib.sha256(got).hexdigest()[:16]}... (identical)"

    def listing() -> str:
        return ", ".join(f"{e.name}/" if e.is_dir else f"{e.name} ({e.size} B)"
                         for e in client.list(DEMO_FOLDER))

    prefix = "muxs.FileController/"
    calls.call(f'{prefix}Write("{text_name}", "hello from python")',
               lambda: client.write(text_name, "hello from python"))
    calls.call(f'{prefix}Read("{text_name}")', lambda: client.read(text_name))
    calls.call(f'{prefix}Upload("{data_name}", 1 MiB)', upload)
    calls.call(f'{prefix}Download("{data_name}")', download)
    calls.call(f'{prefix}List("{DEMO_FOLDER}")', listing)


def gcn(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    client = GcnClient(channel, timeout)
    nodes = {"node1": [0.1, 0.2, 0.3], "node2": [0.4, 0.5, 0.6]}

    def scores() -> str:
        result = client.process_graph(nodes, [("node1", "node2")])
        return ", ".join(f"{k}={result[k]:.6f}" for k in sorted(result))

    calls.call("GCNService/ProcessGraph(node1 [0.1,0.2,0.3], node2 [0.4,0.5,0.6], node1-node2)",
               scores)


def contact(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    client = ContactClient(channel, timeout)
    calls.call('Contact/sendStatus("ping", "pong")',
               lambda: " | ".join(client.send_status(["ping", "pong"])))
    task_id = calls.call('Contact/submitTask("python demo task")',
                         lambda: client.submit_task("python demo task"))
    if task_id is None:
        return
    batch = calls.call('Contact/submitTaskBatch("python batch 1", "python batch 2")',
                       lambda: client.submit_task_batch(["python batch 1", "python batch 2"]))
    last_id = batch[-1] if batch else task_id

    def work() -> str:
        # Handle tasks (ours, and any queued before them) until our last one is done.
        def handle(task: contact_pb2.ServerMsg) -> str:
            if task.task_id == last_id:
                worker.stop()
            return f"done: {task.task}"

        worker = client.worker(handle)
        # Bounded: if another worker took our task, stop after the timeout instead of waiting.
        deadline = threading.Timer(timeout, worker.stop)
        deadline.start()
        try:
            handled = worker.run()
        finally:
            deadline.cancel()
        return f"handled {handled} task(s), acknowledged on Contact/tellResult"

    calls.call("Contact/getTask + Contact/tellResult", work)

    def status() -> str:
        s = client.task_status(task_id)
        state = contact_pb2.TaskState.Name(s.state)
        return f'{state} "{s.result}" (deliveries {s.deliveries})'

    calls.call(f'Contact/getTaskStatus("{task_id}")', status)


def health(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    client = HealthClient(channel, timeout)
    for service in ("", *CONTRACT_SERVICES):
        def check(service: str = service) -> str:
            return client.check(service)

        calls.call(f'grpc.health.v1.Health/Check("{service}")', check)


#: Every demo by the name the CLI takes, in the order they run (names as the Java CLI's).
DEMOS: dict[str, Demo] = {
    "hello": hello,
    "greeter": greeter,
    "muxs-greeter": muxs_greeter,
    "files": files,
    "gcn": gcn,
    "contact": contact,
    "health": health,
}
