// GCNService: ProcessGraph scores every node of a graph (docs/gcn.md).
import { create } from "@bufbuild/protobuf";
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { GCNService, GraphDataSchema, type GraphData } from "../gen/gcn_pb.js";

export type GCNClient = Client<typeof GCNService>;

export function gcnClient(transport: Transport): GCNClient {
  return createClient(GCNService, transport);
}

/**
 * Builds a request from the texts of a features file ("ID F1 F2 ..." per line) and an edges
 * file ("SOURCE TARGET" per line), the format every language's client reads (data/karate/):
 * UTF-8, "#" starts a comment line, fields split by spaces, tabs or commas.
 */
export function graphFromText(edgesText: string, featuresText: string): GraphData {
  const nodes = rows(featuresText).map(([id, ...features]) => ({
    id,
    features: features.map((f) => {
      const value = Number(f);
      if (!Number.isFinite(value)) throw new Error(`node ${id}: feature "${f}" is not a number`);
      return value;
    }),
  }));
  const edges = rows(edgesText).map(([sourceId, targetId, ...rest]) => {
    if (targetId === undefined || rest.length > 0) {
      throw new Error(`an edge line needs exactly "SOURCE TARGET", got "${[sourceId, targetId, ...rest].join(" ")}"`);
    }
    return { sourceId, targetId };
  });
  return create(GraphDataSchema, { nodes, edges });
}

function rows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(/[\s,]+/));
}
