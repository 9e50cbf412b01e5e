// The gateway binary the tests start: $POLYGLOT_GATEWAY_BIN (scripts/test ts builds it), else
// built here with go build into a temporary folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./processes.js";

export function gatewayBinary(): { path: string; cleanup(): void } {
  const given = process.env.POLYGLOT_GATEWAY_BIN;
  if (given) return { path: given, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "polyglot-ts-gw-bin-"));
  const path = join(dir, "gateway");
  execFileSync("go", ["build", "-o", path, "./cmd/gateway"], { cwd: join(REPO_ROOT, "go-interop"), stdio: "inherit" });
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
