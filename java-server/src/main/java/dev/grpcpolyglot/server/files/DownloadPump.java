package dev.grpcpolyglot.server.files;

import com.google.protobuf.UnsafeByteOperations;
import dev.grpcpolyglot.proto.muxs.Chunk;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * Sends a {@link Download} as chunks only while the transport is ready for more, so however
 * large the file and however slow the client, the server holds about one flow-control window
 * of it in memory. grpc-java runs onReady and onCancel handlers serialized on the call's
 * executor, so no locking is needed here.
 */
final class DownloadPump {
  /** What the transport may queue before isReady turns false (with at least two chunks). */
  static final int QUEUED_BYTES = 1024 * 1024;

  private final Download download;
  private final ServerCallStreamObserver<Chunk> call;
  private final int chunkBytes;
  private boolean finished;

  DownloadPump(Download download, ServerCallStreamObserver<Chunk> call, int chunkBytes) {
    this.download = download;
    this.call = call;
    this.chunkBytes = chunkBytes;
  }

  void start() {
    // Cancellation (client gone, deadline) must release the file descriptor.
    call.setOnCancelHandler(this::finish);
    // Let the transport queue about 1 MiB, at least two chunks (not the default 32 KiB, less
    // than one chunk): the next chunks are ready while others are on the wire, and memory stays
    // bounded.
    call.setOnReadyThreshold(Math.max(2 * chunkBytes, QUEUED_BYTES));
    // The first onReady arrives once the call is ready, so the pump starts itself.
    call.setOnReadyHandler(this::pump);
  }

  private void pump() {
    try {
      while (!finished && call.isReady()) {
        byte[] data = download.next(chunkBytes);
        if (data == null) {
          finish();
          call.onCompleted();
          return;
        }
        // The array is fresh and never touched again, so it can back the message uncopied.
        call.onNext(Chunk.newBuilder().setData(UnsafeByteOperations.unsafeWrap(data)).build());
      }
    } catch (RuntimeException e) {
      if (!finished) {
        finish();
        call.onError(Statuses.toException(e));
      }
    }
  }

  private void finish() {
    finished = true;
    download.close();
  }
}
