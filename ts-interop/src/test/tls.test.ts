// TLS and bearer tokens from Node: the server's certificate checked against the CA, the token
// sent on every call, the scopes enforced by the server (docs/security.md).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import { greeterClient } from "../index.js";
import { grpcTransport } from "../node.js";
import { failure } from "./calls.js";
import { REPO_ROOT, startJava, type Started } from "./processes.js";

const GREETER_TOKEN = "ts-test-greeter-token-0123456789abcdef";
const READER_TOKEN = "ts-test-reader-token-0123456789abcdef";

describe("TLS and tokens", () => {
  let server: Started;
  let certs: string;
  before(async () => {
    certs = mkdtempSync(join(tmpdir(), "polyglot-ts-pki-"));
    execFileSync(join(REPO_ROOT, "scripts", "make-dev-certs"), ["--out", certs], { stdio: "ignore" });
    writeFileSync(join(certs, "test-tokens"), `greeter ${GREETER_TOKEN} greet\nreader ${READER_TOKEN} files:read\n`);
    server = await startJava("--tls-cert", join(certs, "server.pem"), "--tls-key", join(certs, "server.key"),
      "--auth-tokens", join(certs, "test-tokens"));
  });
  after(async () => {
    await server?.stop();
    rmSync(certs, { recursive: true, force: true });
  });

  const hello = (token?: string, caFile?: string) =>
    greeterClient(grpcTransport({ target: server.addr.replace(/^[^:]+:/, "localhost:"), caFile: caFile ?? join(certs, "ca.pem"), token }))
      .sayHello({ name: "tls" });

  it("greets with a token that holds the scope", async () => {
    assert.equal((await hello(GREETER_TOKEN)).message, "Hello, tls!");
  });

  it("refuses no token, and a token without the scope", async () => {
    assert.equal((await failure(hello())).code, Code.Unauthenticated);
    const denied = await failure(hello(READER_TOKEN));
    assert.equal(denied.code, Code.PermissionDenied);
    assert.match(denied.rawMessage, /greet/);
  });

  it("refuses a server whose certificate the CA did not sign", async () => {
    const other = join(certs, "other");
    execFileSync(join(REPO_ROOT, "scripts", "make-dev-certs"), ["--out", other], { stdio: "ignore" });
    // connect-node reports the failed handshake as INTERNAL, naming the certificate problem.
    const refused = await failure(hello(GREETER_TOKEN, join(other, "ca.pem")));
    assert.match(refused.rawMessage, /certificate/i, `${Code[refused.code]}: ${refused.rawMessage}`);
  });
});
