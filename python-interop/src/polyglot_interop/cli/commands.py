"""The CLI's subcommands: one function per command, taking the open channel and parsed args."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import NoReturn

import grpc
from tqdm import tqdm

from polyglot_interop.cli import routeguide_tour
from polyglot_interop.clients import ContactClient, FileClient, GcnClient
from polyglot_interop.gen import contact_pb2

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
    for entry in FileClient(channel, args.deadline).list(args.path):
        print(f"{entry.name}/" if entry.is_dir else f"{entry.name}\t{entry.size}")
    return 0


def graph(channel: grpc.Channel, args: argparse.Namespace) -> int:
    """Scores a graph from a JSON file: {"nodes": {"id": [features...]}, "edges": [["a", "b"]]}."""
    graph = json.loads(Path(args.graph).read_text())
    scores = GcnClient(channel, args.deadline).process_graph(
        graph["nodes"], [tuple(edge) for edge in graph.get("edges", [])])
    for node_id in sorted(scores):
        print(f"{node_id}\t{scores[node_id]:.6f}")
    return 0


def submit(channel: grpc.Channel, args: argparse.Namespace) -> int:
    client = ContactClient(channel, args.deadline)
    for task in args.tasks:
        print(f"{client.submit_task(task)}\t{task}")
    return 0


def status(channel: grpc.Channel, args: argparse.Namespace) -> int:
    client = ContactClient(channel, args.deadline)
    for task_id in args.task_ids:
        s = client.task_status(task_id)
        state = contact_pb2.TaskState.Name(s.state)
        print(f"{s.task_id}\t{state}\tdeliveries={s.deliveries}\t{s.task}\t{s.result}")
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


def add_subcommands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Registers every subcommand on the CLI's parser."""
    p = subparsers.add_parser("upload", help="stream a local file to the server (progress on a tty)")
    p.add_argument("local", help="local file")
    p.add_argument("remote", help="path under the server's root")
    p.set_defaults(command=upload)
    p = subparsers.add_parser("download", help="stream a server file to a local file")
    p.add_argument("remote", help="path under the server's root")
    p.add_argument("local", help="local file (written atomically)")
    p.set_defaults(command=download)
    p = subparsers.add_parser("list", help="list a server folder")
    p.add_argument("path", nargs="?", default="", help="folder under the root (default: the root)")
    p.set_defaults(command=list_folder)
    p = subparsers.add_parser("graph", help="score a graph given as JSON (GCNService)")
    p.add_argument("graph", help='JSON file: {"nodes": {"id": [f, ...]}, "edges": [["a", "b"], ...]}')
    p.set_defaults(command=graph)
    p = subparsers.add_parser("submit", help="submit tasks to the Contact queue; prints their ids")
    p.add_argument("tasks", nargs="+", metavar="TASK")
    p.set_defaults(command=submit)
    p = subparsers.add_parser("status", help="show tasks' state and result")
    p.add_argument("task_ids", nargs="+", metavar="TASK_ID")
    p.set_defaults(command=status)
    p = subparsers.add_parser("worker", help="work Contact tasks (result: 'done: <task>')")
    p.add_argument("--count", type=int, default=None, help="stop after this many tasks (default: never)")
    p.add_argument("--reconnect", action="store_true",
                   help="when the server goes away (UNAVAILABLE), keep retrying instead of exiting 1")
    p.set_defaults(command=worker)
    p = subparsers.add_parser("routeguide", help="the route guide tour: its four calls, fixed input")
    p.set_defaults(command=routeguide_tour.routeguide)
