package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.function.LongConsumer;

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
  private final ServerCallStreamObserver<OutgoingChunk> call;
  private final int chunkBytes;
  /** Enough arrays for what the transport may queue, plus the one being filled. */
  private final OutgoingChunk.Pool arrays;
  private final LongConsumer bytesSent;
  private boolean finished;

  DownloadPump(Download download, ServerCallStreamObserver<OutgoingChunk> call, int chunkBytes,
      LongConsumer bytesSent) {
    this.download = download;
    this.bytesSent = bytesSent;
    this.call = call;
    this.chunkBytes = chunkBytes;
    this.arrays = new OutgoingChunk.Pool(chunkBytes, onReadyThreshold() / chunkBytes + 2);
  }

  private int onReadyThreshold() {
    return Math.max(2 * chunkBytes, QUEUED_BYTES);
  }

  void start() {
    // Cancellation (client gone, deadline) must release the file descriptor.
    call.setOnCancelHandler(this::finish);
    // Let the transport queue about 1 MiB, at least two chunks (not the default 32 KiB, less
    // than one chunk): the next chunks are ready while others are on the wire, and memory stays
    // bounded.
    call.setOnReadyThreshold(onReadyThreshold());
    // The first onReady arrives once the call is ready, so the pump starts itself.
    call.setOnReadyHandler(this::pump);
  }

  private void pump() {
    try {
      while (!finished && call.isReady()) {
        byte[] data = arrays.take();
        int length = download.next(data);
        if (length == 0) {
          arrays.give(data);
          finish();
          call.onCompleted();
          return;
        }
        // The array returns to the pool once the transport has copied it out.
        call.onNext(new OutgoingChunk(data, length, arrays));
        bytesSent.accept(length);
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
