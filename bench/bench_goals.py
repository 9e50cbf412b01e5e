"""Prints issue 22's goals as "Java / peer = ratio", measured side by side in one run.

Run by scripts/bench goals. The Java server is started exactly as the README starts it
(scripts/server, defaults: access log on, embedded queue) for every goal. Hello and sendStatus:
next to the same jar with --access-log=false and grpc-go's reference server, all servers pinned
to CPU 0 and the load (ghz, chatbench) to CPU 1, the servers measured in turn inside each repeat
so a change in the machine's load hits all alike. GCN: vs the Python reference server (numpy +
SciPy), each alone on CPU 0, one Python client on CPU 1 (bench_runner.bench_gcn). Upload: the
Java client's files-bench; gateway: go-interop's gatewaybench through scripts/gateway; both
unpinned, as scripts/bench files and scripts/bench gateway measured these goals. The load average
is printed with every figure.
"""
import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_runner import (
    RunningServer,
    ServerSpec,
    bench_gcn,
    ok_count,
    percentile_ms,
    run_chat,
    run_ghz,
)

# Where the upload and gateway runs place their processes: both CPUs, shared (see the docstring).
ALL_CPUS = "0,1"
GCN_GRAPH = (100_000, 1_000_000)  # nodes, edges: the goal's graph


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def rss_mb(server):
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def hello(args, server, concurrency):
    """One ghz run: requests/s, p99 ms, server CPU microseconds per request."""
    cpu_before = server.cpu_seconds()
    report = run_ghz(args.ghz, server.address, concurrency, args.duration, cpu=1)
    cpu = server.cpu_seconds() - cpu_before
    ok = ok_count(report)
    return {"rps": report["rps"], "p99_ms": percentile_ms(report, 99),
            "cpu_us": cpu / ok * 1e6 if ok else float("nan")}


def ratio_line(what, java, peer, unit, goal, higher_is_better):
    value = java / peer if peer else float("nan")
    met = value >= goal if higher_is_better else value <= goal
    sign = ">=" if higher_is_better else "<="
    print(f"{what:44} Java {java:10.2f} / peer {peer:10.2f} {unit:8} = {value:5.2f}x "
          f"(goal {sign} {goal}x: {'met' if met else 'NOT met'})  load {load_average()}",
          flush=True)


def java_spec(args, name, **kwargs):
    """The Java server as the README starts it (scripts/server, default flags), with its own
    port, task store and files root under the work folder."""
    return ServerSpec(name, args.java + [
        "--port", "0", "--data-dir", str(args.workdir / name / "data"),
        "--files-root", str(args.workdir / name / "files")], **kwargs)


def start_goals(args):
    """Start-up time and idle RSS of fresh servers started as the README starts them: unpinned,
    the median of three starts, RSS 10 s after `listening on` (the start-up's JIT compiles done).
    (Pinned to one CPU, the JIT's start-up compiles compete with the start itself;
    stream_goals prints that figure too.)"""
    starts, rss = [], []
    for run in range(3):
        began = time.monotonic()
        with RunningServer(java_spec(args, f"java-start-{run}"), cpu=ALL_CPUS,
                           workdir=args.workdir) as server:
            starts.append(time.monotonic() - began)
            time.sleep(10)  # idle: the start-up's JIT compiles are over and their memory freed
            rss.append(rss_mb(server))
    return statistics.median(starts), statistics.median(rss)


def stream_goals(args):
    """sendStatus on one stream: fresh servers on CPU 0 (no warm-up stream), then again."""
    go_spec = ServerSpec("grpc-go-stream", [str(args.refserver), "-port", "0"])
    with contextlib.ExitStack() as stopped_at_end:
        servers = {}
        began = time.monotonic()
        servers["java"] = stopped_at_end.enter_context(
            RunningServer(java_spec(args, "java-stream"), cpu=0, workdir=args.workdir))
        pinned_start = time.monotonic() - began
        servers["go"] = stopped_at_end.enter_context(
            RunningServer(go_spec, cpu=0, workdir=args.workdir))
        time.sleep(2)  # as after a real start: the stream is the first call, not the start-up
        pinned_idle = rss_mb(servers["java"])
        first = {name: run_chat("go", args, server, args.chat_messages, warmup=0)
                 for name, server in servers.items()}
        warm = {name: run_chat("go", args, server, args.chat_messages, warmup=0)
                for name, server in servers.items()}
        after_streams = rss_mb(servers["java"])
    return first, warm, pinned_start, pinned_idle, after_streams


def hello_goals(args):
    """Hello c=1 and c=16 on fresh servers on CPU 0: Java, Java without access log, grpc-go,
    measured in turn inside each repeat after a c=16 warm-up."""
    specs = {"java": java_spec(args, "java"),
             "java-nolog": java_spec(args, "java-nolog"),
             "go": ServerSpec("grpc-go", [str(args.refserver), "-port", "0"])}
    specs["java-nolog"].command.append("--access-log=false")
    with contextlib.ExitStack() as stopped_at_end:
        servers = {name: stopped_at_end.enter_context(RunningServer(spec, cpu=0, workdir=args.workdir))
                   for name, spec in specs.items()}
        for server in servers.values():
            # Warm-up, not measured, at both concurrencies: the JIT compiles c=16's paths first,
            # and the first c=1 run after it hits branches c=16 never took (epoll reads that
            # find no more data, single-frame writes) and recompiles the event loop's hot
            # methods: 6-36 us of C2 per call during that run, measured per thread.
            run_ghz(args.ghz, server.address, 16, args.warmup, cpu=1)
            run_ghz(args.ghz, server.address, 1, max(1, args.warmup // 2), cpu=1)
        samples = {(name, c): [] for name in servers for c in (1, 16)}
        peak16 = {name: 0.0 for name in servers}
        for _ in range(args.repeats):
            for concurrency in (1, 16):
                for name, server in servers.items():
                    samples[(name, concurrency)].append(hello(args, server, concurrency))
                    if concurrency == 16:
                        peak16[name] = max(peak16[name], rss_mb(server))
    return samples, peak16


def hello_and_stream_goals(args):
    """Start-up, RSS, sendStatus fresh and warm, Hello c=1 and c=16, access log on/off."""
    start, idle = start_goals(args)
    first, warm, pinned_start, pinned_idle, after_streams = stream_goals(args)
    samples, peak16 = hello_goals(args)

    def median(name, concurrency, key):
        return statistics.median(s[key] for s in samples[(name, concurrency)])

    print(f"\nHello: ghz -c N --connections 1 -z {args.duration}s, median of {args.repeats}, "
          f"after {args.warmup}s of c=16 and {max(1, args.warmup // 2)}s of c=1 warm-up (the JIT still compiles for ~15 s after a start; "
          f"the first seconds are the sendStatus-first and start lines); sendStatus: chatbench, "
          f"{args.chat_messages} messages on one stream; servers on CPU 0, load on CPU 1")
    ratio_line("Hello c=16 server CPU per request", median("java", 16, "cpu_us"),
               median("go", 16, "cpu_us"), "us", 1.0, False)
    ratio_line("Hello c=16 req/s", median("java", 16, "rps"), median("go", 16, "rps"),
               "req/s", 1.0, True)
    ratio_line("Hello c=1 server CPU per request", median("java", 1, "cpu_us"),
               median("go", 1, "cpu_us"), "us", 1.2, False)
    ratio_line("Hello c=1 p99", median("java", 1, "p99_ms"), median("go", 1, "p99_ms"),
               "ms", 1.5, False)
    print(f"{'(Hello c=1 req/s, Java / grpc-go)':44} {median('java', 1, 'rps'):.0f} / "
          f"{median('go', 1, 'rps'):.0f}")
    ratio_line("access log on / off, CPU per request c=16", median("java", 16, "cpu_us"),
               median("java-nolog", 16, "cpu_us"), "us", 1.1, False)
    ratio_line("access log on / off, CPU per request c=1", median("java", 1, "cpu_us"),
               median("java-nolog", 1, "cpu_us"), "us", 1.1, False)
    ratio_line("sendStatus first stream after start", first["java"]["msgs_per_s"],
               first["go"]["msgs_per_s"], "msgs/s", 1.0, True)
    ratio_line("sendStatus second stream (warm)", warm["java"]["msgs_per_s"],
               warm["go"]["msgs_per_s"], "msgs/s", 1.3, True)
    ratio_line("start to listening (peer: the 0.5 s goal)", start, 0.5, "s", 1.0, False)
    print(f"{'(start pinned to one CPU, as the streams)':44} {pinned_start:.2f} s")
    ratio_line("RSS idle (peer: the 100 MB goal)", idle, 100, "MB", 1.0, False)
    print(f"{'(RSS pinned to one CPU, 2 s after start)':44} {pinned_idle:.1f} MB")
    ratio_line("RSS under Hello c=16 (peer: the 150 MB goal)", peak16["java"], 150, "MB", 1.0,
               False)
    print(f"{'(RSS after the two sendStatus streams)':44} {after_streams:.1f} MB")
    print(f"{'(grpc-go RSS under c=16)':44} {peak16['go']:.1f} MB")


def gcn_goal(args):
    """ProcessGraph on the goal's graph from one Python client (scripts/bench's bench_gcn: the
    request built once, one warm-up call, then timed calls), Java vs the Python sync server."""
    specs = [java_spec(args, "java-gcn", has_gcn=True),
             ServerSpec("python-sync", [sys.executable, "-m", "polyglot_interop.servers.sync",
                                        "--port", "0"], has_gcn=True)]
    args.gcn_sizes = [GCN_GRAPH]
    print(f"\nGCN: {GCN_GRAPH[0]} nodes / {GCN_GRAPH[1]} edges, 16 features, one Python client "
          f"(CPU 1), each server fresh on CPU 0, median of {args.gcn_repeats} timed call(s) after "
          f"one warm-up call", flush=True)
    everywhere = os.sched_getaffinity(0)
    # The client runs in this process: its gRPC threads, started by bench_gcn, inherit CPU 1.
    os.sched_setaffinity(0, {1})
    try:
        results = {r["server"]: r for r in bench_gcn(specs, args, args.workdir)}
    finally:
        os.sched_setaffinity(0, everywhere)
    edges_per_s = {name: GCN_GRAPH[1] / r["seconds"] / 1e6 for name, r in results.items()}
    ratio_line("GCN 1M edges end to end (peer: Python+SciPy)", edges_per_s["java-gcn"],
               edges_per_s["python-sync"], "Medges/s", 5.0, True)


FILES_SUMMARY = re.compile(r"^upload: +first (\d+) MB/s, best (\d+) MB/s, median (\d+) MB/s",
                           re.MULTILINE)
FILES_UPLOAD_ROUND = re.compile(r"^upload round (\d+): .*, server ([\d.]+)$", re.MULTILINE)


def upload_goal(args):
    """Upload with the Java client's files-bench (`--upload-rounds` in one client JVM; it then
    downloads as many times, not counted here), beside sha256sum of the same file."""
    payload = args.workdir / "upload.bin"
    size = args.upload_mib << 20
    with open(payload, "wb") as out:
        out.writelines(os.urandom(16 << 20) for _ in range(args.upload_mib // 16))
    began = time.monotonic()
    subprocess.run(["sha256sum", str(payload)], check=True, capture_output=True, timeout=300)
    sha256sum_rate = size / (time.monotonic() - began) / 1e6
    try:
        with RunningServer(java_spec(args, "java-files"), cpu=ALL_CPUS,
                           workdir=args.workdir) as server:
            out = subprocess.run(
                ["taskset", "-c", ALL_CPUS, "java", "-jar", str(args.bench_jar), "files-bench",
                 "--target", server.address, "--deadline", "600",
                 "--rounds", str(args.upload_rounds), "--server-pid", str(server.process.pid),
                 str(payload)],
                check=True, capture_output=True, text=True, timeout=1800).stdout
    finally:
        payload.unlink()
    summary = FILES_SUMMARY.search(out)
    if not summary:
        raise RuntimeError(f"files-bench printed no upload summary:\n{out}")
    first, _best, warm_median = (int(g) for g in summary.groups())
    server_cpu = [float(cpu) for round_, cpu in FILES_UPLOAD_ROUND.findall(out)
                  if int(round_) > 1 or args.upload_rounds == 1]
    print(f"\nUpload: {args.upload_mib} MiB from the Java client (files-bench, "
          f"{args.upload_rounds} rounds in one JVM, median of the warm rounds 2..{args.upload_rounds}), "
          f"timed until the server's reply: the server hashes SHA-256 as it writes, fsyncs and "
          f"renames; server and client share both CPUs")
    ratio_line("upload + SHA-256 (peer: the 600 MB/s goal)", warm_median, 600, "MB/s", 1.0, True)
    print(f"{'(round 1, cold JVMs; sha256sum of the file)':44} {first} MB/s; "
          f"{sha256sum_rate:.0f} MB/s")
    print(f"{'(server CPU per GiB uploaded, warm median)':44} "
          f"{statistics.median(server_cpu) if server_cpu else float('nan'):.2f} s")


GATEWAY_PATHS = {"REST via gateway": "REST", "gRPC-Web via gw": "gRPC-Web",
                 "Connect via gw": "Connect"}
# A c=16 row: path, req/s, p50 ms, p99 ms, server CPU per request, gateway CPU per request.
GATEWAY_ROW = re.compile(r"^16 +(direct gRPC|REST via gateway|gRPC-Web via gw|Connect via gw)"
                         r" +(\d+) +[\d.]+ +[\d.]+ +(\d+ us|n/a) *(\d+ us|n/a)?", re.MULTILINE)


def gateway_goal(args):
    """SayHello at c=16 over gRPC straight to the Java server and through scripts/gateway in
    front of it as REST, gRPC-Web and Connect (gatewaybench: alternating runs, medians)."""
    # Stopped in reverse: the gateway before the server behind it.
    with contextlib.ExitStack() as stopped_at_end:
        server = stopped_at_end.enter_context(
            RunningServer(java_spec(args, "java-gateway"), cpu=ALL_CPUS, workdir=args.workdir))
        # scripts/gateway builds the gateway before it starts: allow a cold Go build.
        gateway = stopped_at_end.enter_context(RunningServer(
            ServerSpec("gateway", [str(args.gateway), "--backend", server.address, "--port", "0"]),
            cpu=ALL_CPUS, workdir=args.workdir, start_timeout=300))
        out = subprocess.run(
            ["taskset", "-c", ALL_CPUS, str(args.gatewaybench), "-grpc", server.address,
             "-http", gateway.address, "-server_pid", str(server.process.pid),
             "-gateway_pid", str(gateway.process.pid), "-concurrency", "16",
             "-requests", str(args.gateway_requests), "-runs", str(args.gateway_runs)],
            check=True, capture_output=True, text=True, timeout=900).stdout
    rows = {m.group(1): {"rps": int(m.group(2)), "server_cpu": m.group(3),
                         "gateway_cpu": m.group(4)} for m in GATEWAY_ROW.finditer(out)}
    if len(rows) != 1 + len(GATEWAY_PATHS):
        raise RuntimeError(f"gatewaybench printed no c=16 rows for every path:\n{out}")
    direct = rows["direct gRPC"]["rps"]
    print(f"\nGateway: gatewaybench -concurrency 16, {args.gateway_runs} alternating runs of "
          f"{args.gateway_requests} SayHello calls per path (medians); Java: through "
          f"scripts/gateway, peer: direct gRPC to the same server; server, gateway and load "
          f"share both CPUs")
    for path, label in GATEWAY_PATHS.items():
        ratio_line(f"gateway {label} / direct gRPC req/s c=16", rows[path]["rps"], direct,
                   "req/s", 0.5, True)
    cpu = ", ".join(f"{label} {rows[path]['gateway_cpu']}" for path, label in GATEWAY_PATHS.items())
    print(f"{'(gateway CPU per request)':44} {cpu}; server, direct gRPC: "
          f"{rows['direct gRPC']['server_cpu']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--java", nargs="+", required=True, help="the README's server command")
    parser.add_argument("--refserver", required=True, type=Path)
    parser.add_argument("--ghz", required=True, type=Path)
    parser.add_argument("--chatbench", required=True, type=Path)
    parser.add_argument("--bench-jar", required=True, type=Path, help="java-bench's jar")
    parser.add_argument("--gateway", required=True, type=Path, help="scripts/gateway")
    parser.add_argument("--gatewaybench", required=True, type=Path)
    parser.add_argument("--duration", type=int, default=8, help="seconds per ghz run")
    parser.add_argument("--warmup", type=int, default=20, help="seconds of c=16 (then half as long c=1) before Hello")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chat-messages", type=int, default=1_000_000)
    parser.add_argument("--gcn-repeats", type=int, default=3, help="timed GCN calls per server")
    parser.add_argument("--upload-mib", type=int, default=1024, help="upload size, a multiple of 16")
    parser.add_argument("--upload-rounds", type=int, default=4)
    parser.add_argument("--gateway-requests", type=int, default=10_000, help="calls per run")
    parser.add_argument("--gateway-runs", type=int, default=3)
    parser.add_argument("--workdir", required=True, type=Path)
    args = parser.parse_args()
    if args.upload_mib < 16 or args.upload_mib % 16:
        parser.error("--upload-mib must be a positive multiple of 16")
    if shutil.which("sha256sum") is None:
        parser.error("sha256sum (coreutils) is required")
    print(f"load average at start: {load_average()}")
    print(f"Java server: {' '.join(args.java)}")
    hello_and_stream_goals(args)
    gcn_goal(args)
    upload_goal(args)
    gateway_goal(args)


if __name__ == "__main__":
    sys.exit(main())
