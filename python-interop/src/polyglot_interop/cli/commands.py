"""The CLI's subcommands: one function per command, taking the open channel and parsed args."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

import grpc
from google.protobuf import json_format
from tqdm import tqdm

from polyglot_interop.cli import routeguide_tour
from polyglot_interop.clients import ContactClient, FileClient, GcnClient, GreeterClient
from polyglot_interop.gen import contact_pb2, gcn_pb2

logger = logging.getLogger(__name__)


def _progress_bar(total: int | None, label: str) -> tqdm[NoReturn]:
    # disable=None: the bar shows only when stderr is a terminal, never in logs or pipes.
    return tqdm(total=total, desc=label, unit="B", unit_scale=True, unit_divisor=1024,
                disable=None, file=sys.stderr)


def upload(channel: grpc.Channel, args: argparse.Namespace) -> int:
    client = FileClient(channel, args.deadline)
    size = os.path.getsize(args.local)
    with _progress_bar(size, f"upload {args.remote}") as bar:
        reply = client.upload_file(args.remote, args.local, progress=bar.update)
    print(f"uploaded {args.local} -> {args.remote}: {reply.size} bytes, sha256 {reply.sha256}")
    return 0


def _remote_size(client: FileClient, remote: str) -> int | None:
    """The file's size from a List of its folder, so the bar can show a total (best effort)."""
    folder, _, name = remote.rpartition("/")
    try:
        return next((e.size for e in client.list(folder) if e.name == name and not e.is_dir), None)
    except grpc.RpcError:
        return None  # Download itself will report the real problem


def download(channel: grpc.Channel, args: argparse.Namespace) -> int:
    client = FileClient(channel, args.deadline)
    total = _remote_size(client, args.remote) if sys.stderr.isatty() else None
    with _progress_bar(total, f"download {args.remote}") as bar:
        size = client.download_file(args.remote, args.local, progress=bar.update)
    print(f"downloaded {args.remote} -> {args.local}: {size} bytes")
    return 0


def list_folder(channel: grpc.Channel, args: argparse.Namespace) -> int:
    """One line per entry, as every CLI prints it: 'dir' or the size (12 wide), then the name."""
    for entry in FileClient(channel, args.deadline).list(args.path):
        size = "dir" if entry.is_dir else str(entry.size)
        print(f"{size:>12}  {entry.name}{'/' if entry.is_dir else ''}")
    return 0


def read(channel: grpc.Channel, args: argparse.Namespace) -> int:
    """Prints a UTF-8 file of the server as it is."""
    sys.stdout.write(FileClient(channel, args.deadline).read(args.name))
    return 0


def write(channel: grpc.Channel, args: argparse.Namespace) -> int:
    """Atomically replaces (or creates) a server file with TEXT, or stdin."""
    text = sys.stdin.read() if args.text is None else args.text
    FileClient(channel, args.deadline).write(args.name, text)
    print(f"wrote {args.name} ({len(text.encode('utf-8'))} bytes)")
    return 0


class BadInput(Exception):
    """A file or argument the command cannot use: one line on stderr and exit 2, no traceback."""


def read_graph(path: str) -> gcn_pb2.GraphData:
    """Reads the proto3 JSON mapping of GraphData, as grpcurl, the gateway and every CLI take it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise BadInput(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}") from None
    try:
        return json_format.Parse(text, gcn_pb2.GraphData())
    except json_format.ParseError as e:
        first_line = str(e).splitlines()[0] if str(e) else "unreadable"
        raise BadInput(f"{path}: not a GraphData in JSON: {first_line}") from None


def graph(channel: grpc.Channel, args: argparse.Namespace) -> int:
    """Scores a GraphData JSON file and prints "ID SCORE" per node, in the file's order."""
    request = read_graph(args.graph)
    scores = GcnClient(channel, args.deadline).process(request)
    for node in request.nodes:
        print(f"{node.id} {scores[node.id]:.6f}")
    return 0


def square(channel: grpc.Channel, args: argparse.Namespace) -> int:
    """helloworld.Greeter/Square with --value; prints the reply (its square ROOT), six decimals."""
    print(f"{GreeterClient(channel, args.deadline).square(args.value):.6f}")
    return 0


def submit(channel: grpc.Channel, args: argparse.Namespace) -> int:
    client = ContactClient(channel, args.deadline)
    for task in args.tasks:
        print(f"{client.submit_task(task)}\t{task}")
    return 0


def status_line(s: contact_pb2.TaskStatus) -> str:
    """One task as every CLI prints it: ``1 DONE deliveries=1 task="upper a" result="A"``."""
    state = contact_pb2.TaskState.Name(s.state).removeprefix("TASK_STATE_")
    result = f' result="{s.result}"' if s.result else ""
    return f'{s.task_id} {state} deliveries={s.deliveries} task="{s.task}"{result}'


def status(channel: grpc.Channel, args: argparse.Namespace) -> int:
    client = ContactClient(channel, args.deadline)
    for task_id in args.task_ids:
        print(status_line(client.task_status(task_id)))
    return 0


#: Reconnect delays of ``worker --reconnect``: doubling from the first, capped (seconds).
RECONNECT_FIRST_DELAY, RECONNECT_MAX_DELAY = 0.5, 10.0


def worker(channel: grpc.Channel, args: argparse.Namespace) -> int:
    """Works tasks until --count are done or Ctrl-C; the result of a task is "done: <task>".

    With --reconnect, a lost server (UNAVAILABLE: it shut down or cannot be reached) is retried
    with a capped doubling delay, on the same channel; the tasks this worker held went back to
    the server's queue.
    """
    handled = 0

    def handle(task: contact_pb2.ServerMsg) -> str:
        nonlocal handled
        print(f"{task.task_id}\t{task.task}", flush=True)
        handled += 1
        return f"done: {task.task}"

    delay, handled_before_failure = RECONNECT_FIRST_DELAY, -1
    while True:
        work = ContactClient(channel, args.deadline).worker(handle)
        try:
            work.run(max_tasks=None if args.count is None else args.count - handled)
            break
        except KeyboardInterrupt:
            work.stop()
            return 130
        except grpc.RpcError as e:
            if not args.reconnect or e.code() != grpc.StatusCode.UNAVAILABLE:
                raise
            # Start over from the first delay once the worker got work done since the last loss.
            delay = RECONNECT_FIRST_DELAY if handled != handled_before_failure else min(
                delay * 2, RECONNECT_MAX_DELAY)
            handled_before_failure = handled
            print(f"worker: {e.code().name} ({e.details()}); reconnecting in {delay:.1f}s",
                  file=sys.stderr, flush=True)
            threading.Event().wait(delay)
    print(f"handled {handled} task(s)", file=sys.stderr)
    return 0


def add_subcommands(subparsers: argparse._SubParsersAction[Any],
                    connection: argparse.ArgumentParser) -> None:
    """Registers every subcommand on the CLI's parser; each also takes the connection flags."""
    def add(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = subparsers.add_parser(name, parents=[connection], **kwargs)
        return parser

    p = add("upload", help="stream a local file to the server (progress on a tty)")
    p.add_argument("local", help="local file")
    p.add_argument("remote", help="path under the server's root")
    p.set_defaults(command=upload)
    p = add("download", help="stream a server file to a local file")
    p.add_argument("remote", help="path under the server's root")
    p.add_argument("local", help="local file (written atomically)")
    p.set_defaults(command=download)
    p = add("read", help="print a UTF-8 file of the server")
    p.add_argument("name", help="path under the server's root")
    p.set_defaults(command=read)
    p = add("write", help="replace (or create) a server file with TEXT, or stdin")
    p.add_argument("name", help="path under the server's root")
    p.add_argument("text", nargs="?", default=None, help="the new content (default: stdin)")
    p.set_defaults(command=write)
    p = add("list", help="list a server folder")
    p.add_argument("path", nargs="?", default="", help="folder under the root (default: the root)")
    p.set_defaults(command=list_folder)
    p = add("graph", help="score a graph given as JSON (GCNService)")
    p.add_argument("graph", help='GraphData as proto3 JSON: {"nodes": [{"id": "a", "features": '
                                 '[1, 0]}], "edges": [{"sourceId": "a", "targetId": "b"}]}')
    p.set_defaults(command=graph)
    p = add("square", help="helloworld.Greeter/Square: the square root of --value")
    p.add_argument("--value", type=float, required=True, help="finite and >= 0")
    p.set_defaults(command=square)
    p = add("submit", help="submit tasks to the Contact queue; prints their ids")
    p.add_argument("tasks", nargs="+", metavar="TASK")
    p.set_defaults(command=submit)
    p = add("status", help="show tasks' state and result")
    p.add_argument("task_ids", nargs="+", metavar="TASK_ID")
    p.set_defaults(command=status)
    p = add("worker", help="work Contact tasks (result: 'done: <task>')")
    p.add_argument("--count", type=int, default=None, help="stop after this many tasks (default: never)")
    p.add_argument("--reconnect", action="store_true",
                   help="when the server goes away (UNAVAILABLE), keep retrying instead of exiting 1")
    p.set_defaults(command=worker)
    p = add("routeguide", help="the route guide tour: its four calls, fixed input")
    p.set_defaults(command=routeguide_tour.routeguide)
