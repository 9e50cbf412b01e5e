package dev.grpcpolyglot.server.testing;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Sends and receives message bytes as they are, for tests that speak as a hostile client. */
public final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
  public static final RawBytes MARSHALLER = new RawBytes();

  private RawBytes() {}

  /** {@code method}'s name and kind with raw bytes either way. */
  public static MethodDescriptor<byte[], byte[]> method(MethodDescriptor<?, ?> method) {
    return MethodDescriptor.newBuilder(MARSHALLER, MARSHALLER)
        .setType(method.getType())
        .setFullMethodName(method.getFullMethodName())
        .build();
  }

  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
