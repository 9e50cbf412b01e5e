// Starts the real Java server jar (and the Go gateway) for the tests, the way the Go and Python
// suites do: port 0, then the first stdout line "listening on HOST:PORT" gives the address.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root (ts-interop/dist/test/ -> three levels up). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Bounds a start on a busy machine; a start that takes longer is a failure, not a wait. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export interface Started {
  addr: string;
  dir: string;
  stop(): Promise<void>;
}

export function serverJar(): string {
  return process.env.POLYGLOT_SERVER_JAR ?? join(REPO_ROOT, "java-server", "target", "polyglot-server.jar");
}

/** java -jar polyglot-server.jar --port 0 with a fresh files root and data folder, plus extra flags. */
export function startJava(...extra: string[]): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), "polyglot-ts-test-"));
  const args = ["-jar", serverJar(), "--port", "0", "--files-root", join(dir, "files"), "--data-dir", join(dir, "data"), ...extra];
  return startAnnouncing("java", args, dir);
}

/** The gateway binary (built by scripts/test ts) in front of backend, plus extra flags. */
export function startGateway(binary: string, backend: string, ...extra: string[]): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), "polyglot-ts-gateway-"));
  return startAnnouncing(binary, ["-backend", backend, "-port", "0", ...extra], dir);
}

function startAnnouncing(command: string, args: string[], dir: string): Promise<Started> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000); // the tail explains a failed start
  });
  const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
  return new Promise<Started>((res, rej) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      rej(new Error(`${command} ${args.join(" ")}: ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no "listening on" line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(`exited (${code}) before "listening on"`);
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      clearTimeout(timer);
      if (!line.startsWith("listening on ")) return fail(`first line "${line}"`);
      settled = true;
      child.stdout!.resume(); // keep draining so the process never blocks on a full pipe
      res({ addr: line.slice("listening on ".length).trim(), dir, stop: () => stop(child, exited, dir) });
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<number | null>, dir: string): Promise<void> {
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exited,
    new Promise<"timeout">((res) => (timer = setTimeout(() => res("timeout"), STOP_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
  if (code === "timeout") {
    child.kill("SIGKILL");
    throw new Error(`still running ${STOP_TIMEOUT_MS} ms after SIGTERM`);
  }
}
