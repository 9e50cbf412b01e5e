// muxs.Greeter, the contract's second greeter (same methods as helloworld.Greeter).
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { Greeter } from "../gen/muxs_pb.js";

export type MuxsGreeterClient = Client<typeof Greeter>;

export function muxsGreeterClient(transport: Transport): MuxsGreeterClient {
  return createClient(Greeter, transport);
}
