// The server's google.rpc error details (docs/errors.md), read from any failed call.
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "./gen/google/rpc/error_details_pb.js";

export interface ErrorDetails {
  /** The canonical code's name as the other languages print it, e.g. "INVALID_ARGUMENT". */
  code: string;
  message: string;
  reason?: string;
  domain?: string;
  /** Paths into the request of the fields at fault, e.g. "edges[1].target_id". */
  fields: string[];
  retryDelayMs?: number;
}

export function errorDetails(err: unknown): ErrorDetails {
  const e = ConnectError.from(err);
  const info = e.findDetails(ErrorInfoSchema)[0];
  const retry = e.findDetails(RetryInfoSchema)[0]?.retryDelay;
  return {
    code: codeName(e.code),
    message: e.rawMessage,
    reason: info?.reason,
    domain: info?.domain,
    fields: e.findDetails(BadRequestSchema).flatMap((b) => b.fieldViolations.map((v) => v.field)),
    retryDelayMs: retry ? Number(retry.seconds) * 1000 + retry.nanos / 1e6 : undefined,
  };
}

/** Code.InvalidArgument -> "INVALID_ARGUMENT". */
export function codeName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}
