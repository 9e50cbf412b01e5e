// Node transports: gRPC over HTTP/2 straight to the server (plaintext or TLS, bearer tokens).
import { readFileSync } from "node:fs";
import type { Interceptor, Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

export interface ServerOptions {
  /** host:port of the server. */
  target: string;
  tls?: boolean;
  /** PEM file of the CA that signed the server's certificate (implies tls). */
  caFile?: string;
  /** Sent as "Authorization: Bearer <token>" on every call. */
  token?: string;
  /** Deadline of every call that sets no timeoutMs of its own. */
  deadlineMs?: number;
}

/** The default deadline of every call, as in the other languages' clients. */
export const DEFAULT_DEADLINE_MS = 10_000;

export function grpcTransport(o: ServerOptions): Transport {
  const tls = o.tls || o.caFile !== undefined;
  return createGrpcTransport({
    baseUrl: `${tls ? "https" : "http"}://${o.target}`,
    nodeOptions: o.caFile ? { ca: readFileSync(o.caFile) } : undefined,
    interceptors: o.token ? [bearer(o.token)] : [],
    defaultTimeoutMs: o.deadlineMs ?? DEFAULT_DEADLINE_MS,
  });
}

/** Adds the token to every call's headers. */
export function bearer(token: string): Interceptor {
  return (next) => (req) => {
    req.header.set("Authorization", `Bearer ${token}`);
    return next(req);
  };
}
