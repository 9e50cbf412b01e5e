// The browser's path, from Node's fetch: gRPC-Web and Connect through the Go gateway to the
// Java server.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import {
  contactClient, download, errorDetails, fileClient, greeterClient, listFeatures, NEW_JERSEY, routeGuideClient,
} from "../index.js";
import { gatewayTransport, type GatewayOptions } from "../web.js";
import { failure } from "./calls.js";
import { gatewayBinary } from "./gatewayBinary.js";
import { startGateway, startJava, type Started } from "./processes.js";

const variants: Array<Omit<GatewayOptions, "baseUrl">> = [
  { protocol: "grpc-web" },
  { protocol: "grpc-web", json: true },
  { protocol: "connect" },
  { protocol: "connect", json: true },
];

describe("gRPC-Web and Connect through the gateway", () => {
  let server: Started;
  let gateway: Started;
  let binary: ReturnType<typeof gatewayBinary>;
  before(async () => {
    binary = gatewayBinary();
    server = await startJava();
    gateway = await startGateway(binary.path, server.addr);
  });
  after(async () => {
    await gateway?.stop();
    await server?.stop();
    binary?.cleanup();
  });

  for (const v of variants) {
    const name = `${v.protocol}${v.json ? "+json" : "+proto"}`;
    it(`${name}: unary, a 64-feature stream, a file download, a worker's task stream, error details`, async () => {
      const transport = gatewayTransport({ baseUrl: `http://${gateway.addr}`, ...v });
      assert.equal((await greeterClient(transport).sayHello({ name })).message, `Hello, ${name}!`);
      const seen: string[] = [];
      const features = await listFeatures(routeGuideClient(transport), NEW_JERSEY, (f) => seen.push(f.name));
      assert.equal(features.length, 64);
      assert.equal(seen[0], "Patriots Path, Mendham, NJ 07945, USA");
      const files = fileClient(transport);
      await files.write({ filename: `${name}.txt`, text: "downloaded" });
      assert.equal(new TextDecoder().decode(await download(files, `${name}.txt`)), "downloaded");
      const contact = contactClient(transport);
      const { taskId } = await contact.submitTask({ task: `task over ${name}` });
      const worker = new AbortController();
      // Tasks taken by earlier variants went back to the front of the queue when their streams
      // ended (at least once), so read until this variant's own task arrives (at most three come
      // before it, within the server's default window of 8 unacknowledged tasks per worker).
      let taken = "";
      for await (const task of contact.getTask({}, { signal: worker.signal, timeoutMs: 60_000 })) {
        if (task.taskId !== taskId) continue;
        taken = task.task;
        break;
      }
      // Leaving the loop does not cancel the fetch under it: abort, so the connection closes
      // and the gateway ends the backend stream (else it would keep the next variant's task).
      worker.abort();
      assert.equal(taken, `task over ${name}`);
      const err = await failure(files.read({ filename: "../outside" }));
      assert.equal(err.code, Code.InvalidArgument);
      const details = errorDetails(err);
      assert.deepEqual([details.reason, details.fields], ["INVALID_PATH", ["filename"]]);
    });
  }
});
