"""Prints issue 22's goals as "Java / peer = ratio", measured side by side in one run.

Run by scripts/bench goals. The Java server is started exactly as the README starts it
(scripts/server, defaults: access log on, embedded queue), next to the same jar with
--access-log=false and grpc-go's reference server. All servers are pinned to CPU 0 and the load
(ghz, chatbench) to CPU 1; the servers are measured in turn inside each repeat, so a change in
the machine's load hits all alike, and the load average is printed with every figure.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_runner import RunningServer, ServerSpec, ok_count, percentile_ms, run_ghz, run_chat  # noqa: E402


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--java", nargs="+", required=True, help="the README's server command")
    parser.add_argument("--refserver", required=True, type=Path)
    parser.add_argument("--ghz", required=True, type=Path)
    parser.add_argument("--chatbench", required=True, type=Path)
    parser.add_argument("--duration", type=int, default=8, help="seconds per ghz run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chat-messages", type=int, default=1_000_000)
    parser.add_argument("--workdir", required=True, type=Path)
    args = parser.parse_args()
    args.bench_jar = None
    print(f"load average at start: {load_average()}")
    print(f"Java server: {' '.join(args.java)}")

    def java_command(name):
        return args.java + ["--port", "0", "--data-dir", str(args.workdir / name / "data"),
                            "--files-root", str(args.workdir / name / "files")]

    java_spec = ServerSpec("java", java_command("java"))
    nolog_spec = ServerSpec("java-nolog", java_command("java-nolog") + ["--access-log=false"])
    go_spec = ServerSpec("grpc-go", [str(args.refserver), "-port", "0"])

    started = []

    def start_timed(spec):
        """Starts `spec` on CPU 0; returns it and the seconds from spawn to `listening on`."""
        began = time.monotonic()
        server = RunningServer(spec, cpu=0, workdir=args.workdir)
        started.append(server)
        return server, time.monotonic() - began

    try:
        # Start-up and the first sendStatus stream of a fresh server (no warm-up stream).
        java, java_start = start_timed(java_spec)
        go, go_start = start_timed(go_spec)
        time.sleep(2)  # idle RSS is read once start-up work (store open, start-up JIT) settles
        idle = {"java": rss_mb(java), "go": rss_mb(go)}
        first = {name: run_chat("go", args, server, args.chat_messages, warmup=0)
                 for name, server in (("java", java), ("go", go))}
        warm = {name: run_chat("go", args, server, args.chat_messages, warmup=0)
                for name, server in (("java", java), ("go", go))}
        nolog, _ = start_timed(nolog_spec)
        servers = {"java": java, "java-nolog": nolog, "go": go}
        for server in servers.values():
            run_ghz(args.ghz, server.address, 16, args.duration, cpu=1)  # warm-up, not measured
        samples = {(name, c): [] for name in servers for c in (1, 16)}
        peak16 = {name: 0.0 for name in servers}
        for _ in range(args.repeats):
            for concurrency in (1, 16):
                for name, server in servers.items():
                    samples[(name, concurrency)].append(hello(args, server, concurrency))
                    if concurrency == 16:
                        peak16[name] = max(peak16[name], rss_mb(server))
    finally:
        for server in started:
            server.stop()

    def median(name, concurrency, key):
        return statistics.median(s[key] for s in samples[(name, concurrency)])

    print(f"\nHello: ghz -c N --connections 1 -z {args.duration}s, median of {args.repeats}, "
          f"after {args.duration}s of c=16 warm-up; sendStatus: chatbench, "
          f"{args.chat_messages} messages on one stream")
    ratio_line("Hello c=16 server CPU per request", median("java", 16, "cpu_us"),
               median("go", 16, "cpu_us"), "us", 1.0, False)
    ratio_line("Hello c=16 req/s", median("java", 16, "rps"), median("go", 16, "rps"),
               "req/s", 1.0, True)
    ratio_line("Hello c=1 server CPU per request", median("java", 1, "cpu_us"),
               median("go", 1, "cpu_us"), "us", 1.2, False)
    ratio_line("Hello c=1 p99", median("java", 1, "p99_ms"), median("go", 1, "p99_ms"),
               "ms", 1.5, False)
    ratio_line("Hello c=1 req/s", median("java", 1, "rps"), median("go", 1, "rps"),
               "req/s", 1.0, True)
    ratio_line("access log on / off, CPU per request c=16", median("java", 16, "cpu_us"),
               median("java-nolog", 16, "cpu_us"), "us", 1.1, False)
    ratio_line("access log on / off, CPU per request c=1", median("java", 1, "cpu_us"),
               median("java-nolog", 1, "cpu_us"), "us", 1.1, False)
    ratio_line("sendStatus first stream after start", first["java"]["msgs_per_s"],
               first["go"]["msgs_per_s"], "msgs/s", 1.0, True)
    ratio_line("sendStatus second stream (warm)", warm["java"]["msgs_per_s"],
               warm["go"]["msgs_per_s"], "msgs/s", 1.3, True)
    ratio_line("start to listening (peer: the 0.5 s goal)", java_start, 0.5, "s", 1.0, False)
    print(f"{'(grpc-go start to listening)':44} {go_start:.2f} s")
    ratio_line("RSS idle (peer: the 100 MB goal)", idle["java"], 100, "MB", 1.0, False)
    ratio_line("RSS under Hello c=16 (peer: the 150 MB goal)", peak16["java"], 150, "MB", 1.0,
               False)
    print(f"{'(grpc-go RSS idle / under c=16)':44} {idle['go']:.1f} / {peak16['go']:.1f} MB")
    print(json.dumps({"samples": {f"{k[0]} c={k[1]}": v for k, v in samples.items()},
                      "first": first, "warm": warm, "idle_rss": idle, "peak_rss_c16": peak16,
                      "start_s": {"java": java_start, "go": go_start}}, indent=None),
          file=open(args.workdir / "goals.json", "w"))


if __name__ == "__main__":
    sys.exit(main())
