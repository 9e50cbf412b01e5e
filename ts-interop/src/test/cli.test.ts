// The command-line client against the real Java server: its lines, its exit codes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { REPO_ROOT, startJava, type Started } from "./processes.js";

const CLI = fileURLToPath(new URL("../cli.js", import.meta.url));

describe("the polyglot-ts command", () => {
  let server: Started;
  before(async () => {
    server = await startJava();
  });
  after(() => server?.stop());

  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, "--target", server.addr, ...args], { encoding: "utf8", timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("calls every RPC of every service by default, one line each", () => {
    const r = run();
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split("\n");
    assert.equal(lines.length, 16);
    assert.equal(lines[0], 'go_protoc.HelloService/Hello("test") -> hello:test');
    assert.ok(lines.includes("routeguide.RouteGuide/ListFeatures((400000000, -750000000), (420000000, -730000000)) -> 64 features"));
  });

  it("submits, reads statuses, prints a failure's details and exits 1", () => {
    const submitted = run("submit", "a", "b");
    assert.equal(submitted.code, 0, submitted.err);
    const [first] = submitted.out.trim().split("\n");
    const r = run("status", first, "999999");
    assert.equal(r.code, 1);
    assert.equal(r.out, `Contact/getTaskStatus("${first}") -> QUEUED (deliveries 0)\n`);
    assert.match(r.err, /^Contact\/getTaskStatus\("999999"\) FAILED: NOT_FOUND: .*\n {2}reason: TASK_NOT_FOUND \(domain grpc-polyglot.dev\)\n {2}field: task_id\n$/);
  });

  it("scores the karate files like the other clients", () => {
    const r = run("gcn-score", "--edges", join(REPO_ROOT, "data/karate/edges.txt"), "--features", join(REPO_ROOT, "data/karate/features.txt"));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.split("\n")[0], "1 0.511906"); // docs/gcn.md, the server's default model
  });

  it("exits 2 on a usage error", () => {
    assert.equal(run("--deadline", "0").code, 2);
    assert.equal(run("nonsense").code, 2);
    assert.equal(run("gcn-score").code, 2);
  });
});
