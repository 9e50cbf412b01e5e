package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.StreamObserver;

/**
 * One Upload call: a header, then chunks written straight to the store's temp file. grpc-java
 * delivers these callbacks one at a time and requests the next message only when onNext
 * returns, so a slow disk slows the client down instead of filling the server's memory.
 */
final class UploadObserver implements StreamObserver<UploadRequest> {
  private final FileStore store;
  private final StreamObserver<UploadReply> responseObserver;
  private Upload upload;
  private boolean failed;

  UploadObserver(FileStore store, StreamObserver<UploadReply> responseObserver) {
    this.store = store;
    this.responseObserver = responseObserver;
  }

  @Override
  public void onNext(UploadRequest request) {
    if (failed) {
      return; // the call is already closed with an error; drop what was still in flight
    }
    try {
      if (upload == null) {
        upload = start(request);
      } else if (request.hasHeader()) {
        throw ProblemException.invalidArgument("an upload has exactly one header, first");
      } else {
        upload.append(request.getChunk().asReadOnlyByteBuffer());
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private Upload start(UploadRequest request) {
    if (!request.hasHeader()) {
      throw ProblemException.invalidArgument(
          "the first message of an upload must be its header naming the file");
    }
    FilePath path = FilePath.ofFile(request.getHeader().getFilename());
    // proto3 cannot tell 0 from unset; a declared 0 is checked like any other size.
    long declared = request.getHeader().getSize() > 0 ? request.getHeader().getSize() : -1;
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
        throw ProblemException.invalidArgument("upload ended before its header named a file");
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
