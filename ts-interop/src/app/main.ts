// The demo page (app/index.html): one panel per service, each calling the Java server through
// the gateway that serves this page, over gRPC-Web or Connect. Bundled by esbuild.
import { TaskState } from "../gen/contact_pb.js";
import { contactClient } from "../clients/contact.js";
import { download, fileClient } from "../clients/files.js";
import { gcnClient, graphFromText } from "../clients/gcn.js";
import { greeterClient } from "../clients/greeter.js";
import { listFeatures, NEW_JERSEY, routeGuideClient } from "../clients/routeguide.js";
import { errorDetails } from "../errors.js";
import { gatewayTransport, type WebProtocol } from "../web.js";
import karateEdges from "../../../data/karate/edges.txt";
import karateFeatures from "../../../data/karate/features.txt";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A transport for the protocol picked on the page, to the gateway that served it. */
function transport() {
  const protocol = $<HTMLSelectElement>("protocol").value as WebProtocol;
  return gatewayTransport({ baseUrl: location.origin, protocol });
}

/** Runs a panel's action on click, showing its result, or the error with its details. */
function panel(button: string, output: string, action: (out: HTMLOutputElement) => Promise<string>) {
  $(button).addEventListener("click", async () => {
    const out = $<HTMLOutputElement>(output);
    out.className = "";
    out.dataset.state = "running";
    out.textContent = "…";
    try {
      out.textContent = await action(out);
      out.dataset.state = "done";
    } catch (e) {
      const d = errorDetails(e);
      out.className = "error";
      out.textContent = `${d.code}: ${d.message}` + (d.reason ? `\nreason: ${d.reason}` : "") +
        (d.fields.length ? `\nfield: ${d.fields.join(", ")}` : "");
      out.dataset.state = "failed";
    }
  });
}

panel("hello-run", "hello-result", async () => {
  const greeter = greeterClient(transport());
  const { message } = await greeter.sayHello({ name: $<HTMLInputElement>("hello-name").value });
  const value = Number($<HTMLInputElement>("square-value").value);
  const root = await greeter.square({ value });
  return `${message}\nSquare(${value}) = ${root.value.toFixed(6)}`;
});

panel("karate-run", "karate-result", async () => {
  const graph = graphFromText(karateEdges, karateFeatures);
  const { nodeScores } = await gcnClient(transport()).processGraph(graph);
  const officer = Object.entries(nodeScores).filter(([, s]) => s > 0.5).map(([id]) => id);
  return `${Object.keys(nodeScores).length} members scored; ${officer.length} on the officer's side ` +
    `(score > 0.5): ${officer.join(" ")}\nmember 1 ${nodeScores["1"].toFixed(6)}, member 34 ${nodeScores["34"].toFixed(6)}`;
});

panel("features-run", "features-result", async (out) => {
  const list = $<HTMLOListElement>("features");
  list.replaceChildren();
  const features = await listFeatures(routeGuideClient(transport()), NEW_JERSEY, (f) => {
    const item = document.createElement("li");
    item.textContent = `${f.name} (${f.location?.latitude}, ${f.location?.longitude})`;
    list.append(item);
    out.textContent = `${list.children.length} features so far…`;
  });
  return `${features.length} features`;
});

panel("file-run", "file-result", async () => {
  const picked = $<HTMLInputElement>("file-input").files?.[0];
  const name = `browser/${picked?.name ?? "generated.bin"}`;
  const body = picked ? new Uint8Array(await picked.arrayBuffer()) : generated(200_000);
  const put = await fetch(`/v1/files/${encodeURI(name)}`, { method: "PUT", body });
  const receipt = (await put.json()) as { size?: string; sha256?: string; message?: string };
  if (!put.ok) throw new Error(`upload: HTTP ${put.status}: ${receipt.message}`);
  const back = await download(fileClient(transport()), name);
  const sha256 = hex(await crypto.subtle.digest("SHA-256", back));
  const same = sha256 === receipt.sha256 && back.length === body.length;
  return `uploaded ${receipt.size} bytes (sha256 ${receipt.sha256})\n` +
    `downloaded ${back.length} bytes, sha256 ${same ? "matches" : "DIFFERS: " + sha256}`;
});

panel("task-run", "task-result", async () => {
  const contact = contactClient(transport());
  const { taskId } = await contact.submitTask({ task: $<HTMLInputElement>("task-text").value });
  const status = await contact.getTaskStatus({ taskId });
  return `task ${taskId}: ${TaskState[status.state]} (deliveries ${status.deliveries})`;
});

/** Bytes that differ from position to position, for an upload without a picked file. */
function generated(size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(size).map((_, i) => (i * 31) % 251);
}

function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
