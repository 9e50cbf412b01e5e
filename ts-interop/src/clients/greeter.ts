// helloworld.Greeter: SayHello and Square.
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { Greeter } from "../gen/helloworld_pb.js";

export type GreeterClient = Client<typeof Greeter>;

export function greeterClient(transport: Transport): GreeterClient {
  return createClient(Greeter, transport);
}
