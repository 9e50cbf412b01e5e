// The demo page in headless Chromium (Debian's, driven by puppeteer-core): loaded from the
// gateway's /app/, every panel run over gRPC-Web and over Connect against the real Java server.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { gatewayBinary } from "../test/gatewayBinary.js";
import { REPO_ROOT, startGateway, startJava, type Started } from "../test/processes.js";

/** Bounds each panel on a busy machine; a panel still running then is a failure. */
const PANEL_TIMEOUT_MS = 60_000;

describe("the demo page in Chromium", () => {
  let server: Started;
  let gateway: Started;
  let binary: ReturnType<typeof gatewayBinary>;
  let browser: Browser;
  let page: Page;
  let profile: string;
  before(async () => {
    binary = gatewayBinary();
    server = await startJava("--gcn-model", join(REPO_ROOT, "models", "karate-gcn.json"));
    gateway = await startGateway(binary.path, server.addr, "-app_dir", join(REPO_ROOT, "ts-interop", "dist", "app"));
    profile = mkdtempSync(join(tmpdir(), "polyglot-ts-chromium-"));
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
      headless: true,
      userDataDir: profile,
      // No sandbox as root; no background traffic on this offline machine.
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update"],
    });
    page = await browser.newPage();
    await page.goto(`http://${gateway.addr}/app/`, { waitUntil: "load", timeout: PANEL_TIMEOUT_MS });
  });
  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await server?.stop();
    binary?.cleanup();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Clicks a panel's button and returns its output once it is done (or failed). */
  async function run(button: string, output: string): Promise<{ state: string; text: string }> {
    await page.click(`#${button}`);
    await page.waitForFunction(
      (id) => ["done", "failed"].includes(document.getElementById(id)?.dataset.state ?? ""),
      { timeout: PANEL_TIMEOUT_MS }, output);
    return page.$eval(`#${output}`, (el) => ({ state: (el as HTMLElement).dataset.state!, text: el.textContent! }));
  }

  for (const protocol of ["grpc-web", "connect"]) {
    it(`runs every panel over ${protocol}`, async () => {
      await page.select("#protocol", protocol);
      const hello = await run("hello-run", "hello-result");
      assert.deepEqual(hello, { state: "done", text: "Hello, world!\nSquare(231) = 15.198684" });

      const karate = await run("karate-run", "karate-result");
      assert.equal(karate.state, "done", karate.text);
      assert.match(karate.text, /^34 members scored; \d+ on the officer's side/);
      assert.match(karate.text, /member 1 0\.[0-4]\d*, member 34 0\.[5-9]/);

      const features = await run("features-run", "features-result");
      assert.deepEqual(features, { state: "done", text: "64 features" });
      const items = await page.$$eval("#features li", (lis) => lis.map((li) => li.textContent));
      assert.equal(items.length, 64);
      assert.equal(items[0], "Patriots Path, Mendham, NJ 07945, USA (407838351, -746143763)");

      const file = await run("file-run", "file-result");
      assert.equal(file.state, "done", file.text);
      assert.match(file.text, /^uploaded 200000 bytes \(sha256 [0-9a-f]{64}\)\ndownloaded 200000 bytes, sha256 matches$/);

      const task = await run("task-run", "task-result");
      assert.match(task.text, /^task \d+: QUEUED \(deliveries 0\)$/);
      // scripts/test ts-browser --screenshot PNG: the page with every panel's result.
      if (process.env.DEMO_SCREENSHOT) await page.screenshot({ path: process.env.DEMO_SCREENSHOT, fullPage: true });
    });
  }

  it("shows a failed call's status and details", async () => {
    await page.$eval("#square-value", (el) => ((el as HTMLInputElement).value = "-1"));
    const failed = await run("hello-run", "hello-result");
    assert.equal(failed.state, "failed");
    assert.match(failed.text, /^INVALID_ARGUMENT: .*-1/);
  });
});
