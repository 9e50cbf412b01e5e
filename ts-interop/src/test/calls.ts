// Helpers for asserting on calls.
import assert from "node:assert/strict";
import { ConnectError } from "@connectrpc/connect";

/** Resolves with the error a call's promise rejects with; fails the test if it succeeds. */
export async function failure(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    return ConnectError.from(e);
  }
  assert.fail("the call succeeded; it should have failed");
}
