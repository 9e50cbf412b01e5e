// go_protoc.HelloService: Hello answers "hello:" + the value.
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { HelloService } from "../gen/hello_service_pb.js";

export type HelloServiceClient = Client<typeof HelloService>;

export function helloServiceClient(transport: Transport): HelloServiceClient {
  return createClient(HelloService, transport);
}
