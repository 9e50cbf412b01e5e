package dev.grpcpolyglot.server.gcn;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written protobuf wire bytes for tests: encodings the generated Java serializer never
 * produces (unpacked floats, fields out of order, repeats, unknown fields) but other
 * implementations may, and broken ones.
 */
final class WireBytes {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  static WireBytes message() {
    return new WireBytes();
  }

  WireBytes string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  WireBytes bytes(int field, byte[] value) {
    return run(() -> out.writeByteArray(field, value));
  }

  WireBytes message(int field, WireBytes value) {
    return bytes(field, value.toByteArray());
  }

  WireBytes floatUnpacked(int field, float value) {
    return run(() -> out.writeFloat(field, value));
  }

  WireBytes floatsPacked(int field, float... values) {
    return run(() -> {
      out.writeTag(field, 2);
      out.writeUInt32NoTag(values.length * Float.BYTES);
      for (float v : values) {
        out.writeFloatNoTag(v);
      }
    });
  }

  /** One unknown field of every wire type, numbered {@code field}. */
  WireBytes unknownOfEveryType(int field) {
    return run(() -> {
      out.writeUInt64(field, 300);
      out.writeFixed64(field, 7);
      out.writeByteArray(field, new byte[] {1, 2, 3});
      out.writeTag(field, 3); // start group, holding a varint, then the matching end group
      out.writeUInt64(1, 5);
      out.writeTag(field, 4);
      out.writeFixed32(field, 9);
    });
  }

  WireBytes varint(int field, long value) {
    return run(() -> out.writeUInt64(field, value));
  }

  WireBytes raw(byte... raw) {
    return run(() -> out.writeRawBytes(raw));
  }

  byte[] toByteArray() {
    run(out::flush);
    return bytes.toByteArray();
  }

  private WireBytes run(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
