// muxs.FileController: text files, listings, and files of any size as streams of chunks.
import { create } from "@bufbuild/protobuf";
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { FileController, UploadRequestSchema, type UploadReply, type UploadRequest } from "../gen/muxs_pb.js";

export type FileClient = Client<typeof FileController>;

export function fileClient(transport: Transport): FileClient {
  return createClient(FileController, transport);
}

/** The chunk size uploads use (the server accepts any; 64 KiB keeps frames small). */
export const UPLOAD_CHUNK_BYTES = 64 * 1024;

/** Uploads data as filename over a client stream (Node's gRPC transport: browsers cannot). */
export async function upload(client: FileClient, filename: string, data: Uint8Array): Promise<UploadReply> {
  async function* requests(): AsyncIterable<UploadRequest> {
    yield create(UploadRequestSchema, { kind: { case: "header", value: { filename, size: BigInt(data.length) } } });
    for (let at = 0; at < data.length; at += UPLOAD_CHUNK_BYTES) {
      yield create(UploadRequestSchema, { kind: { case: "chunk", value: data.subarray(at, at + UPLOAD_CHUNK_BYTES) } });
    }
  }
  return client.upload(requests());
}

/** Downloads a whole file from its server stream. */
export async function download(client: FileClient, filename: string): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of client.download({ filename })) {
    parts.push(chunk.data);
    size += chunk.data.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
