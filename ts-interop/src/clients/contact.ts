// Contact: the task queue (submit, status, workers taking tasks and reporting results) and the
// sendStatus chat stream (docs/contact.md).
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { Contact } from "../gen/contact_pb.js";

export type ContactClient = Client<typeof Contact>;

export function contactClient(transport: Transport): ContactClient {
  return createClient(Contact, transport);
}
