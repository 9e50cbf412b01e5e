"""Benchmarks the Java server against the reference Go and Python servers (run by scripts/bench).

Unary Hello: ghz, closed loop, at each concurrency, the server pinned to CPU 0 and ghz to CPU 1,
servers taken in turn, each warmed up first, every measurement repeated so medians can be quoted.
Per server: requests/s, p50, p99, server CPU-seconds per 10k requests, peak RSS.
GCN: 100k- and 1M-edge random graphs end-to-end from one Python client against the Java and the
Python server. Streaming: sendStatus messages/s on one stream and CPU per message, against the
Java and the grpc-go server, each driven by the Java (ContactBench) and the Go (chatbench) load
generator, pinned like the unary runs.
Writes bench/results/latest.{json,md,png}.
"""
import argparse
import dataclasses
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HELLO_PROTO = "hello_service.proto"
HELLO_CALL = "go_protoc.HelloService.Hello"
# The sendStatus load generators, each run against every chat server.
CHAT_CLIENTS = ("java", "go")
CHAT_CLIENT_NAMES = {"java": "Java ContactBench", "go": "Go chatbench"}


@dataclasses.dataclass
class ServerSpec:
    """How to start one server; its stdout must print `listening on HOST:PORT`."""
    name: str
    command: list
    has_gcn: bool = False
    has_chat: bool = False  # serves Contact/sendStatus


class RunningServer:
    """A server process pinned to one CPU, with its address and /proc counters.

    Started when made; as a context manager (`with RunningServer(...) as server:`, or several
    through one contextlib.ExitStack) it is stopped however the block ends."""

    def __init__(self, spec, cpu, workdir, start_timeout=60):
        """`cpu`: what taskset -c takes (one CPU, or a list); `start_timeout`: seconds until
        `listening on` (longer for a command that builds its binary first)."""
        self.spec = spec
        self.stderr = open(workdir / f"{spec.name}.stderr", "wb")
        self.process = subprocess.Popen(
            ["taskset", "-c", str(cpu)] + spec.command,
            stdout=subprocess.PIPE, stderr=self.stderr, cwd=workdir)
        self.address = self._read_address(timeout=start_timeout)

    def _read_address(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline().decode().strip()
            if line.startswith("listening on "):
                return line[len("listening on "):]
            if not line and self.process.poll() is not None:
                break
        self.process.kill()
        raise RuntimeError(f"{self.spec.name} did not start; see {self.stderr.name}")

    def cpu_seconds(self):
        """User + system CPU time of the whole process (all threads) so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def peak_rss_mb(self):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


def run_ghz(ghz, address, concurrency, seconds, cpu):
    """One closed-loop ghz run; returns its JSON report."""
    command = ["taskset", "-c", str(cpu), str(ghz), "--insecure",
               "--proto", str(ROOT / "proto" / HELLO_PROTO), "--import-paths", str(ROOT / "proto"),
               "--call", HELLO_CALL, "-d", '{"value":"bench"}',
               "-c", str(concurrency), "--connections", "1", "-z", f"{seconds}s",
               "-O", "json", address]
    out = subprocess.run(command, check=True, capture_output=True, timeout=seconds + 60)
    return json.loads(out.stdout)


def ok_count(report):
    return report.get("statusCodeDistribution", {}).get("OK", 0)


def percentile_ms(report, pct):
    for entry in report.get("latencyDistribution") or []:
        if entry["percentage"] == pct:
            return entry["latency"] / 1e6
    return float("nan")


def bench_unary(spec, args, workdir):
    """Warm-up, then every concurrency `args.repeats` times; medians per concurrency."""
    server = RunningServer(spec, cpu=0, workdir=workdir)
    try:
        run_ghz(args.ghz, server.address, 16, args.warmup, cpu=1)
        rows = []
        for concurrency in args.concurrency:
            samples = []
            for _ in range(args.repeats):
                cpu_before = server.cpu_seconds()
                report = run_ghz(args.ghz, server.address, concurrency, args.duration, cpu=1)
                cpu_used = server.cpu_seconds() - cpu_before
                ok = ok_count(report)
                elapsed = report["total"] / 1e9
                samples.append({
                    "rps": ok / elapsed,
                    "p50_ms": percentile_ms(report, 50),
                    "p99_ms": percentile_ms(report, 99),
                    "cpu_s_per_10k": cpu_used / ok * 10_000 if ok else float("nan"),
                    "errors": sum(report.get("statusCodeDistribution", {}).values()) - ok,
                })
            rows.append({
                "server": spec.name, "concurrency": concurrency,
                "rps": statistics.median(s["rps"] for s in samples),
                "p50_ms": statistics.median(s["p50_ms"] for s in samples),
                "p99_ms": statistics.median(s["p99_ms"] for s in samples),
                "cpu_s_per_10k": statistics.median(s["cpu_s_per_10k"] for s in samples),
                "samples": samples,
            })
            print(f"  {spec.name:12} c={concurrency:<3} {rows[-1]['rps']:>10.0f} req/s  "
                  f"p50 {rows[-1]['p50_ms']:.3f} ms  p99 {rows[-1]['p99_ms']:.3f} ms  "
                  f"{rows[-1]['cpu_s_per_10k']:.3f} cpu-s/10k", flush=True)
        peak = server.peak_rss_mb()
        for row in rows:
            row["peak_rss_mb"] = peak
        return rows
    finally:
        server.stop()


def random_graph(nodes, edges, features, seed):
    """A GraphData of `nodes` nodes with random features and `edges` random edges."""
    import numpy as np
    from polyglot_interop.gen import gcn_pb2

    rng = np.random.default_rng(seed)
    ids = [f"n{i}" for i in range(nodes)]
    values = rng.random((nodes, features), dtype=np.float32).tolist()
    ends = rng.integers(0, nodes, size=(edges, 2)).tolist()
    return gcn_pb2.GraphData(
        nodes=[gcn_pb2.Node(id=ids[i], features=values[i]) for i in range(nodes)],
        edges=[gcn_pb2.Edge(source_id=ids[s], target_id=ids[t]) for s, t in ends])


def bench_gcn(specs, args, workdir):
    """End-to-end ProcessGraph time from one Python client, same graphs for every server.

    The request is built once, so each timed call is serialization, transport, the server's
    work and parsing the reply: what a backend calling the service waits for."""
    import grpc
    from polyglot_interop.gen import gcn_pb2

    results = []
    graphs = {edges: random_graph(nodes, edges, features=16, seed=7)
              for nodes, edges in args.gcn_sizes}
    for spec in specs:
        if not spec.has_gcn:
            continue
        server = RunningServer(spec, cpu=0, workdir=workdir)
        try:
            channel = grpc.insecure_channel(server.address, options=[
                ("grpc.max_send_message_length", 256 << 20),
                ("grpc.max_receive_message_length", 256 << 20)])
            call = channel.unary_unary(
                "/GCNService/ProcessGraph",
                request_serializer=lambda message: message.SerializeToString(),
                response_deserializer=gcn_pb2.GCNResult.FromString)
            for nodes, edges in args.gcn_sizes:
                request = graphs[edges]
                call(request, timeout=600)  # warm-up
                times = []
                for _ in range(args.gcn_repeats):
                    start = time.perf_counter()
                    reply = call(request, timeout=600)
                    times.append(time.perf_counter() - start)
                    assert len(reply.node_scores) == nodes
                results.append({"server": spec.name, "nodes": nodes, "edges": edges,
                                "seconds": statistics.median(times), "samples": times,
                                "peak_rss_mb": server.peak_rss_mb()})
                print(f"  {spec.name:12} GCN {nodes} nodes / {edges} edges: "
                      f"{results[-1]['seconds']:.3f} s", flush=True)
            channel.close()
        finally:
            server.stop()
    return results


CHAT_RESULT = re.compile(r"^RESULT sendStatus msgs/s \(one stream\): ([\d.]+)"
                         r"(?:, CPU per msg: client ([\d.]+) us(?: \+ server ([\d.]+) us)?)?", re.M)


def chat_command(client, args, server, messages, warmup):
    """The load generator `client` ("java": ContactBench's chat phase, "go": chatbench) on CPU 1:
    one untimed warm-up stream of `warmup` messages, then the measured one of `messages`.

    Both get the same warm-up, long enough for the Java client's JIT on its one core (with a
    short one its CPU per message measures the compiler, not the stream)."""
    if client == "java":
        tool = ["java", "-Xms512m", "-Xmx1g", "-jar", str(args.bench_jar),
                "contact-bench", "--target", server.address,
                "--server-pid", str(server.process.pid), "--phases", "chat",
                "--messages", str(messages), "--chat-warmup", str(warmup)]
    else:
        tool = [str(args.chatbench), "-addr", server.address, "-server_pid", str(server.process.pid),
                "-messages", str(messages), "-warmup", str(warmup)]
    return ["taskset", "-c", "1"] + tool


def run_chat(client, args, server, messages, warmup):
    """One load-generator run; its RESULT line as msgs/s and CPU microseconds per message."""
    out = subprocess.run(chat_command(client, args, server, messages, warmup), check=True,
                         capture_output=True, text=True, timeout=900).stdout
    match = CHAT_RESULT.search(out)
    if not match:
        raise RuntimeError(f"{client} load generator printed no sendStatus result:\n{out}")
    rate, client_us, server_us = (float(g) if g else float("nan") for g in match.groups())
    return {"msgs_per_s": rate, "client_us_per_msg": client_us, "server_us_per_msg": server_us}


def bench_streaming(specs, args, workdir):
    """sendStatus messages/s on one stream, each chat server driven by both load generators.

    Same rules as the unary runs: the server alone on CPU 0, the load generator on CPU 1, an
    untimed warm-up of the server first, every pairing repeated for medians (the clients
    alternate within each repeat so a change in the machine's load hits both alike)."""
    rows = []
    for spec in specs:
        if not spec.has_chat:
            continue
        server = RunningServer(spec, cpu=0, workdir=workdir)
        try:
            run_chat("go", args, server, args.chat_warmup, warmup=0)
            samples = {client: [] for client in CHAT_CLIENTS}
            for _ in range(args.repeats):
                for client in CHAT_CLIENTS:
                    samples[client].append(
                        run_chat(client, args, server, args.chat_messages, args.chat_warmup))
            peak = server.peak_rss_mb()
        finally:
            server.stop()
        for client in CHAT_CLIENTS:
            row = {"server": spec.name, "client": client, "messages": args.chat_messages,
                   "warmup": args.chat_warmup,
                   "peak_rss_mb": peak, "samples": samples[client]}
            for key in ("msgs_per_s", "client_us_per_msg", "server_us_per_msg"):
                row[key] = statistics.median(s[key] for s in samples[client])
            rows.append(row)
            print(f"  {spec.name:12} <- {client:4} client: {row['msgs_per_s']:>9.0f} msgs/s  "
                  f"CPU per msg: client {row['client_us_per_msg']:.1f} us + server "
                  f"{row['server_us_per_msg']:.1f} us", flush=True)
    return rows


def markdown(report):
    lines = [f"Measured {report['date']} on {report['machine']}, command `{report['command']}`, "
             f"load average {report['load_average']} at the start.", ""]
    java = {r["concurrency"]: r for r in report["unary"] if r["server"] == "java"}
    lines += ["| server | concurrency | req/s | × Java | p50 ms | p99 ms | CPU-s / 10k req | peak RSS MB |",
              "|---|---|---|---|---|---|---|---|"]
    for r in report["unary"]:
        ratio = r["rps"] / java[r["concurrency"]]["rps"] if r["concurrency"] in java else float("nan")
        lines.append(f"| {r['server']} | {r['concurrency']} | {r['rps']:.0f} | {ratio:.2f} | "
                     f"{r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {r['cpu_s_per_10k']:.3f} | "
                     f"{r['peak_rss_mb']:.0f} |")
    if report["gcn"]:
        java_gcn = {g["edges"]: g for g in report["gcn"] if g["server"] == "java"}
        lines += ["", "| GCN server | nodes | edges | end-to-end s | × Java time | peak RSS MB |",
                  "|---|---|---|---|---|---|"]
        for g in report["gcn"]:
            ratio = g["seconds"] / java_gcn[g["edges"]]["seconds"] if g["edges"] in java_gcn else float("nan")
            lines.append(f"| {g['server']} | {g['nodes']} | {g['edges']} | {g['seconds']:.3f} | "
                         f"{ratio:.2f} | {g['peak_rss_mb']:.0f} |")
    if report["streaming"]:
        java_chat = {r["client"]: r for r in report["streaming"] if r["server"] == "java"}
        lines += ["", "| sendStatus server | load generator | msgs/s (one stream) | × Java server | "
                  "client CPU µs/msg | server CPU µs/msg | peak RSS MB |",
                  "|---|---|---|---|---|---|---|"]
        for r in report["streaming"]:
            java_rate = java_chat[r["client"]]["msgs_per_s"] if r["client"] in java_chat else float("nan")
            lines.append(f"| {r['server']} | {CHAT_CLIENT_NAMES[r['client']]} | {r['msgs_per_s']:.0f} | "
                         f"{r['msgs_per_s'] / java_rate:.2f} | {r['client_us_per_msg']:.1f} | "
                         f"{r['server_us_per_msg']:.1f} | {r['peak_rss_mb']:.0f} |")
        first = report["streaming"][0]
        lines += ["", f"sendStatus: {first['messages']} messages per run after a warm-up stream of "
                  f"{first['warmup']}, medians of {len(first['samples'])} runs."]
    return "\n".join(lines) + "\n"


def chart(report, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    servers = list(dict.fromkeys(r["server"] for r in report["unary"]))
    concurrencies = sorted({r["concurrency"] for r in report["unary"]})
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    width = 0.8 / len(servers)
    for i, server in enumerate(servers):
        by_c = {r["concurrency"]: r for r in report["unary"] if r["server"] == server}
        xs = [c_index + i * width for c_index in range(len(concurrencies))]
        left.bar(xs, [by_c[c]["rps"] for c in concurrencies], width, label=server)
        right.bar(xs, [by_c[c]["p99_ms"] for c in concurrencies], width, label=server)
    for axis, title in ((left, "Unary Hello throughput (req/s)"), (right, "p99 latency (ms)")):
        axis.set_xticks([c + 0.4 - width / 2 for c in range(len(concurrencies))])
        axis.set_xticklabels([f"c={c}" for c in concurrencies])
        axis.set_title(title)
        axis.grid(axis="y", alpha=0.3)
    right.set_yscale("log")
    left.legend()
    fig.suptitle(f"grpc-polyglot servers, 1 core each ({report['date']})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers-json", required=True, help="server specs, written by scripts/bench")
    parser.add_argument("--ghz", required=True, type=Path)
    parser.add_argument("--quick", action="store_true", help="short runs (about 5 minutes)")
    parser.add_argument("--command", default="scripts/bench")
    parser.add_argument("--bench-jar", required=True, type=Path,
                        help="java-bench's jar (contact-bench, a sendStatus load generator)")
    parser.add_argument("--chatbench", required=True, type=Path,
                        help="go-interop's chatbench (the Go sendStatus load generator)")
    args = parser.parse_args()
    args.concurrency = [1, 16, 64]
    args.duration, args.warmup, args.repeats = (3, 3, 3) if args.quick else (10, 10, 5)
    args.gcn_sizes = [(10_000, 100_000), (100_000, 1_000_000)]
    args.gcn_repeats = 3 if args.quick else 5
    args.chat_messages, args.chat_warmup = (300_000, 300_000) if args.quick else (2_000_000, 1_000_000)
    specs = [ServerSpec(**s) for s in json.loads(Path(args.servers_json).read_text())]

    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
                   f"{platform.release()}",
        "command": args.command + (" --quick" if args.quick else ""),
        "load_average": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "unary": [], "gcn": [], "streaming": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print("== unary Hello (ghz)", flush=True)
        for spec in specs:
            report["unary"] += bench_unary(spec, args, workdir)
        print("== GCN end to end", flush=True)
        report["gcn"] = bench_gcn(specs, args, workdir)
        print("== sendStatus, one stream (Java and Go load generators)", flush=True)
        report["streaming"] = bench_streaming(specs, args, workdir)

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(markdown(report))
    chart(report, RESULTS / "latest.png")
    print(markdown(report))
    print(f"wrote {RESULTS}/latest.md and latest.png")


if __name__ == "__main__":
    sys.exit(main())
