package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.proto.muxs.UploadHeader;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.StreamObserver;

/**
 * One Upload call: a header, then chunks written straight to the store's temp file. grpc-java
 * delivers these callbacks one at a time and requests the next message only when onNext
 * returns, so a slow disk slows the client down instead of filling the server's memory. Each
 * message is closed as soon as it is handled, on every path: its chunk may hold transport
 * buffers ({@link UploadMessage}).
 */
final class UploadObserver implements StreamObserver<UploadMessage> {
  private final FileStore store;
  private final StreamObserver<UploadReply> responseObserver;
  private Upload upload;
  private boolean failed;

  UploadObserver(FileStore store, StreamObserver<UploadReply> responseObserver) {
    this.store = store;
    this.responseObserver = responseObserver;
  }

  @Override
  public void onNext(UploadMessage message) {
    try (message) {
      handle(message);
    }
  }

  private void handle(UploadMessage message) {
    if (failed) {
      return; // the call is already closed with an error; drop what was still in flight
    }
    try {
      if (upload == null) {
        upload = start(message);
      } else if (message.hasHeader()) {
        throw ProblemException.invalidArgument("an upload has exactly one header, first")
            .at("header");
      } else {
        upload.append(message.chunk());
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private Upload start(UploadMessage message) {
    if (!message.hasHeader()) {
      throw ProblemException.invalidArgument(
          "the first message of an upload must be its header naming the file").at("header");
    }
    UploadHeader header = message.header();
    FilePath path = FilePath.ofFile(header.getFilename(), "header.filename");
    // proto3 cannot tell 0 from unset, so 0 (like a negative size) declares nothing: the upload
    // is then taken at whatever length it turns out to have.
    long declared = header.getSize() > 0 ? header.getSize() : -1;
    return store.startUpload(path, declared);
  }

  /** Cancelled, deadline passed, or the client failed: nothing may remain. */
  @Override
  public void onError(Throwable t) {
    failed = true;
    if (upload != null) {
      upload.abort();
    }
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    try {
      if (upload == null) {
        throw ProblemException.invalidArgument("upload ended before its header named a file")
            .at("header");
      }
      StoredFile stored = upload.finish();
      responseObserver.onNext(UploadReply.newBuilder()
          .setSize(stored.size())
          .setSha256(stored.sha256())
          .build());
      responseObserver.onCompleted();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void fail(RuntimeException e) {
    failed = true;
    if (upload != null) {
      upload.abort();
    }
    responseObserver.onError(Statuses.toException(e));
  }
}
