// Browser transports: gRPC-Web or Connect through the gateway (go-interop/cmd/gateway), which
// turns each call into gRPC to the server. Also usable from Node (it has fetch).
import type { Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";

export type WebProtocol = "grpc-web" | "connect";

export interface GatewayOptions {
  /** The gateway's URL, e.g. "http://localhost:8080" or the page's own origin. */
  baseUrl: string;
  protocol?: WebProtocol;
  /** JSON instead of binary protobuf on the wire (easier to read in the browser's tools). */
  json?: boolean;
  deadlineMs?: number;
}

export function gatewayTransport(o: GatewayOptions): Transport {
  const common = { baseUrl: o.baseUrl, useBinaryFormat: !o.json, defaultTimeoutMs: o.deadlineMs ?? 10_000 };
  return o.protocol === "connect" ? createConnectTransport(common) : createGrpcWebTransport(common);
}
