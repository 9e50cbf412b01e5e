// Every service and kind of call, from Node over gRPC (HTTP/2) to the real Java server jar.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import {
  contactClient, download, errorDetails, fileClient, gcnClient, graphFromText, greeterClient,
  helloServiceClient, listFeatures, muxsGreeterClient, NEW_JERSEY, routeGuideClient, upload,
} from "../index.js";
import { grpcTransport } from "../node.js";
import { TaskState } from "../gen/contact_pb.js";
import { PointSchema, RouteNoteSchema } from "../gen/route_guide_pb.js";
import { failure } from "./calls.js";
import { REPO_ROOT, startJava, type Started } from "./processes.js";

describe("gRPC from Node to the Java server", () => {
  let server: Started;
  let transport: ReturnType<typeof grpcTransport>;
  before(async () => {
    server = await startJava("--gcn-model", join(REPO_ROOT, "models", "karate-gcn.json"));
    transport = grpcTransport({ target: server.addr });
  });
  after(() => server?.stop());

  it("greets and squares (helloworld.Greeter, muxs.Greeter, HelloService)", async () => {
    const greeter = greeterClient(transport);
    assert.equal((await greeter.sayHello({ name: "world" })).message, "Hello, world!");
    assert.ok(Math.abs((await greeter.square({ value: 231 })).value - 15.198684) < 1e-5);
    assert.equal((await muxsGreeterClient(transport).sayHello({ name: "muxs" })).message, "Hello, muxs!");
    assert.equal((await helloServiceClient(transport).hello({ value: "test" })).value, "hello:test");
  });

  it("scores the karate club: the instructor's side below 0.5, the officer's above", async () => {
    const karate = (name: string) => readFileSync(join(REPO_ROOT, "data", "karate", name), "utf8");
    const graph = graphFromText(karate("edges.txt"), karate("features.txt"));
    assert.equal(graph.nodes.length, 34);
    assert.equal(graph.edges.length, 78);
    const { nodeScores } = await gcnClient(transport).processGraph(graph);
    assert.equal(Object.keys(nodeScores).length, 34);
    assert.ok(nodeScores["1"] < 0.5, `member 1 scored ${nodeScores["1"]}`);
    assert.ok(nodeScores["34"] > 0.5, `member 34 scored ${nodeScores["34"]}`);
  });

  it("writes, reads, lists, uploads (client stream) and downloads (server stream) files", async () => {
    const files = fileClient(transport);
    assert.equal((await files.write({ filename: "notes/a.txt", text: "hi" })).code, 0n);
    assert.equal((await files.read({ filename: "notes/a.txt" })).text, "hi");
    const data = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    const reply = await upload(files, "notes/big.bin", data);
    assert.equal(reply.size, 300_000n);
    assert.match(reply.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(await download(files, "notes/big.bin"), data);
    const names = (await files.list({ path: "notes" })).entries.map((e) => e.name).sort();
    assert.deepEqual(names, ["a.txt", "big.bin"]);
  });

  it("queues a task, hands it to a worker (server stream), takes its result (client stream)", async () => {
    const contact = contactClient(transport);
    const { taskId } = await contact.submitTask({ task: "count the stars" });
    assert.equal((await contact.getTaskStatus({ taskId })).state, TaskState.QUEUED);
    const worker = new AbortController();
    let taken = "";
    for await (const msg of contact.getTask({}, { signal: worker.signal, timeoutMs: 60_000 })) {
      taken = msg.taskId;
      break;
    }
    worker.abort(); // ends the stream, so the server takes the worker away
    assert.equal(taken, taskId);
    await contact.tellResult((async function* () {
      yield { ret: "lots", taskId };
    })());
    const status = await contact.getTaskStatus({ taskId });
    assert.equal(status.state, TaskState.DONE);
    assert.equal(status.result, "lots");
    const { taskIds } = await contact.submitTaskBatch({ tasks: ["a", "b"] });
    assert.equal(taskIds.length, 2);
  });

  it("streams both ways (Contact.sendStatus, submitTasks)", async () => {
    const contact = contactClient(transport);
    const replies: string[] = [];
    for await (const r of contact.sendStatus((async function* () {
      yield { msg: "one" };
      yield { msg: "two" };
    })())) replies.push(r.ret);
    assert.deepEqual(replies, ["server received: one", "server received: two"]);
    const receipts: string[] = [];
    for await (const r of contact.submitTasks((async function* () {
      yield { task: "x" };
      yield { task: "y" };
    })())) receipts.push(r.taskId);
    assert.equal(receipts.length, 2);
  });

  it("runs all four RouteGuide calls", async () => {
    const guide = routeGuideClient(transport);
    const feature = await guide.getFeature({ latitude: 409146138, longitude: -746188906 });
    assert.equal(feature.name, "Berkshire Valley Management Area Trail, Jefferson, NJ, USA");
    const features = await listFeatures(guide, NEW_JERSEY);
    assert.equal(features.length, 64);
    assert.equal(features[0].name, "Patriots Path, Mendham, NJ 07945, USA");
    const summary = await guide.recordRoute((async function* () {
      yield create(PointSchema, { latitude: 409146138, longitude: -746188906 });
      yield create(PointSchema, { latitude: 407838351, longitude: -746143763 });
    })());
    assert.equal(summary.pointCount, 2);
    assert.equal(summary.featureCount, 2);
    const here = { latitude: 1, longitude: 2 };
    const chat = async (message: string) => {
      const back: string[] = [];
      for await (const n of guide.routeChat((async function* () {
        yield create(RouteNoteSchema, { location: here, message });
      })())) back.push(n.message);
      return back;
    };
    await chat("first");
    assert.deepEqual(await chat("second"), ["first"]);
  });

  it("decodes the server's error details (ErrorInfo, BadRequest)", async () => {
    const gcn = gcnClient(transport);
    const features = new Array<number>(34).fill(0); // the karate model's input width
    const err = await failure(gcn.processGraph({
      nodes: [{ id: "a", features }, { id: "b", features }],
      edges: [{ sourceId: "a", targetId: "b" }, { sourceId: "a", targetId: "zz" }],
    }));
    assert.equal(err.code, Code.InvalidArgument);
    const details = errorDetails(err);
    assert.equal(details.code, "INVALID_ARGUMENT");
    assert.equal(details.reason, "UNKNOWN_NODE_ID");
    assert.equal(details.domain, "grpc-polyglot.dev");
    assert.deepEqual(details.fields, ["edges[1].target_id"]);
    const missing = errorDetails(await failure(fileClient(transport).read({ filename: "missing.txt" })));
    assert.equal(missing.code, "NOT_FOUND");
    assert.equal(missing.reason, "FILE_NOT_FOUND");
    const escape = errorDetails(await failure(fileClient(transport).read({ filename: "../etc/passwd" })));
    assert.deepEqual([escape.reason, escape.fields], ["INVALID_PATH", ["filename"]]);
  });
});
