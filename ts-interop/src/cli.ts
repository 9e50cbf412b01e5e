#!/usr/bin/env node
// The Node command-line client, with the grammar of the Java, Python and Go clients
// (docs/typescript.md): flags, then services to call (default: all) or one subcommand.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { create } from "@bufbuild/protobuf";
import type { Transport } from "@connectrpc/connect";
import {
  contactClient, download, errorDetails, fileClient, gcnClient, graphFromText, greeterClient,
  helloServiceClient, listFeatures, muxsGreeterClient, NEW_JERSEY, routeGuideClient, upload,
} from "./index.js";
import { TaskState } from "./gen/contact_pb.js";
import { GraphDataSchema } from "./gen/gcn_pb.js";
import { grpcTransport } from "./node.js";

const USAGE = `Usage: polyglot-ts [--target HOST:PORT] [--deadline SECONDS] [--tls] [--ca-file PEM]
                   [--token TOKEN] [SERVICE... | COMMAND ARGS...]
Calls the polyglot gRPC server: every RPC of the chosen services, or one command.
  SERVICE      hello, greeter, muxs-greeter, files, gcn, contact, routeguide (default: all)
  COMMAND      gcn-score --edges FILE --features FILE   prints "ID SCORE" per node
               submit TASK...                          queues tasks, prints one id per line
               status ID...                            prints each task's state and result
  --target     server address (env POLYGLOT_TARGET; default localhost:50051)
  --deadline   deadline of each call, in seconds (default 10)
  --tls        use TLS (implied by --ca-file)
  --ca-file    CA the server certificate must chain to (env POLYGLOT_CA_FILE)
  --token      bearer token sent with every call (env POLYGLOT_TOKEN; prefer the env var);
               refused over plaintext except to loopback
Exits 1 if a call failed, 2 on a usage error.`;

class UsageError extends Error {}

/** Prints "label -> result", or "label FAILED: CODE: message" and the details; counts failures. */
class Calls {
  failures = 0;
  async call(label: string, rpc: () => Promise<unknown>): Promise<void> {
    try {
      console.log(`${label} -> ${await rpc()}`);
    } catch (e) {
      this.failures++;
      const d = errorDetails(e);
      console.error(`${label} FAILED: ${d.code}${d.message ? `: ${d.message}` : ""}`);
      if (d.reason) console.error(`  reason: ${d.reason} (domain ${d.domain})`);
      for (const f of d.fields) console.error(`  field: ${f}`);
      if (d.retryDelayMs !== undefined) console.error(`  retry after: ${(d.retryDelayMs / 1000).toFixed(3)}s`);
    }
  }
}

const demos: Record<string, (t: Transport, calls: Calls) => Promise<void>> = {
  hello: async (t, calls) => {
    await calls.call('go_protoc.HelloService/Hello("test")', async () => (await helloServiceClient(t).hello({ value: "test" })).value);
  },
  greeter: async (t, calls) => {
    const g = greeterClient(t);
    await calls.call('helloworld.Greeter/SayHello("you")', async () => (await g.sayHello({ name: "you" })).message);
    await calls.call("helloworld.Greeter/Square(231)", async () => (await g.square({ value: 231 })).value.toFixed(6));
  },
  "muxs-greeter": async (t, calls) => {
    const g = muxsGreeterClient(t);
    await calls.call('muxs.Greeter/SayHello("you")', async () => (await g.sayHello({ name: "you" })).message);
    await calls.call("muxs.Greeter/Square(231)", async () => (await g.square({ value: 231 })).value.toFixed(6));
  },
  files: async (t, calls) => {
    const f = fileClient(t);
    const p = "muxs.FileController/";
    await calls.call(`${p}Write("demo/hello.txt", "hello from typescript")`,
      async () => (await f.write({ filename: "demo/hello.txt", text: "hello from typescript" })).code);
    await calls.call(`${p}Read("demo/hello.txt")`, async () => (await f.read({ filename: "demo/hello.txt" })).text);
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    await calls.call(`${p}Upload("demo/bytes.bin", ${bytes.length} bytes)`,
      async () => `sha256 ${(await upload(f, "demo/bytes.bin", bytes)).sha256}`);
    await calls.call(`${p}Download("demo/bytes.bin")`, async () => `${(await download(f, "demo/bytes.bin")).length} bytes`);
    await calls.call(`${p}List("demo")`, async () => (await f.list({ path: "demo" })).entries.map((e) => e.name).join(", "));
  },
  gcn: async (t, calls) => {
    const graph = create(GraphDataSchema, {
      nodes: [{ id: "node1", features: [0.1, 0.2, 0.3] }, { id: "node2", features: [0.4, 0.5, 0.6] }],
      edges: [{ sourceId: "node1", targetId: "node2" }],
    });
    await calls.call("GCNService/ProcessGraph(node1[0.1,0.2,0.3] -- node2[0.4,0.5,0.6])", async () => {
      const { nodeScores } = await gcnClient(t).processGraph(graph);
      return `{${Object.entries(nodeScores).sort().map(([id, s]) => `${id}=${s.toFixed(6)}`).join(", ")}}`;
    });
  },
  contact: async (t, calls) => {
    const c = contactClient(t);
    await calls.call('Contact/sendStatus("hello", "from", "typescript")', async () => {
      const replies: string[] = [];
      for await (const r of c.sendStatus(messages(["hello", "from", "typescript"].map((msg) => ({ msg }))))) replies.push(r.ret);
      return replies.join(" | ");
    });
    let id = "";
    await calls.call('Contact/submitTask("reverse polyglot")', async () => (id = (await c.submitTask({ task: "reverse polyglot" })).taskId));
    await calls.call(`Contact/getTaskStatus("${id}")`, async () => TaskState[(await c.getTaskStatus({ taskId: id })).state]);
  },
  routeguide: async (t, calls) => {
    const r = routeGuideClient(t);
    await calls.call("routeguide.RouteGuide/GetFeature(409146138, -746188906)",
      async () => `"${(await r.getFeature({ latitude: 409146138, longitude: -746188906 })).name}"`);
    await calls.call("routeguide.RouteGuide/ListFeatures((400000000, -750000000), (420000000, -730000000))",
      async () => `${(await listFeatures(r, NEW_JERSEY)).length} features`);
  },
};

async function* messages<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

const commands: Record<string, (t: Transport, args: string[], calls: Calls) => Promise<void>> = {
  "gcn-score": async (t, args) => {
    const { values } = parseArgs({ args, options: { edges: { type: "string" }, features: { type: "string" } } });
    if (!values.edges || !values.features) throw new UsageError("gcn-score needs --edges FILE and --features FILE");
    const graph = graphFromText(readFileSync(values.edges, "utf8"), readFileSync(values.features, "utf8"));
    const { nodeScores } = await gcnClient(t).processGraph(graph);
    for (const node of graph.nodes) console.log(`${node.id} ${nodeScores[node.id].toFixed(6)}`);
  },
  submit: async (t, args) => {
    if (args.length === 0) throw new UsageError("submit needs at least one TASK");
    const c = contactClient(t);
    for await (const r of c.submitTasks(messages(args.map((task) => ({ task }))))) console.log(r.taskId);
  },
  status: async (t, args, calls) => {
    if (args.length === 0) throw new UsageError("status needs at least one task ID");
    const c = contactClient(t);
    for (const taskId of args) {
      await calls.call(`Contact/getTaskStatus("${taskId}")`, async () => {
        const s = await c.getTaskStatus({ taskId });
        return `${TaskState[s.state]}${s.result ? ` "${s.result}"` : ""} (deliveries ${s.deliveries})`;
      });
    }
  },
};

async function main(argv: string[]): Promise<number> {
  // A command's own flags (gcn-score --edges) follow the command's name: parse only what precedes it.
  const at = argv.findIndex((a) => a in commands);
  const commandArgs = at < 0 ? [] : argv.slice(at);
  const { values, positionals } = parseArgs({
    args: at < 0 ? argv : argv.slice(0, at),
    allowPositionals: true,
    strict: true,
    options: {
      target: { type: "string", default: process.env.POLYGLOT_TARGET ?? "localhost:50051" },
      deadline: { type: "string", default: "10" },
      tls: { type: "boolean", default: false },
      "ca-file": { type: "string", default: process.env.POLYGLOT_CA_FILE },
      token: { type: "string", default: process.env.POLYGLOT_TOKEN },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const deadline = Number(values.deadline);
  if (!(deadline > 0)) throw new UsageError(`--deadline must be a positive number of seconds, got "${values.deadline}"`);
  const tls = values.tls || values["ca-file"] !== undefined;
  if (values.token && !tls && !isLoopback(values.target)) {
    throw new UsageError("--token over plaintext is refused except to loopback: add --tls");
  }
  const transport = grpcTransport({ target: values.target, tls, caFile: values["ca-file"], token: values.token, deadlineMs: deadline * 1000 });
  const calls = new Calls();
  if (commandArgs.length > 0) {
    if (positionals.length > 0) throw new UsageError(`services (${positionals.join(", ")}) and a command do not mix`);
    const [name, ...rest] = commandArgs;
    await commands[name](transport, rest, calls);
    return calls.failures > 0 ? 1 : 0;
  }
  const chosen = positionals.length > 0 ? positionals : Object.keys(demos);
  const unknown = chosen.filter((s) => !(s in demos));
  if (unknown.length > 0) throw new UsageError(`unknown service or command: ${unknown.join(", ")}`);
  for (const service of chosen) await demos[service](transport, calls);
  return calls.failures > 0 ? 1 : 0;
}

function isLoopback(target: string): boolean {
  const host = target.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    if (e instanceof UsageError || (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) {
      console.error(`polyglot-ts: ${(e as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    const d = errorDetails(e);
    console.error(`polyglot-ts: ${d.code}: ${d.message}`);
    process.exitCode = 1;
  },
);
