package dev.grpcpolyglot.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.grpcpolyglot.proto.muxs.DownloadRequest;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.FileEntry;
import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.proto.muxs.ListRequest;
import dev.grpcpolyglot.proto.muxs.UploadHeader;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

/**
 * Calls {@code muxs.FileController}. Failures surface as {@link StatusRuntimeException}s whose
 * status names the problem (see docs/services.md). The deadline covers a whole call, streams
 * included: give large transfers a long one.
 */
public final class FileClient {
  /**
   * Bytes per Upload message: large enough to amortise framing, far below any message limit,
   * and below G1's humongous-object threshold (half a 1 MiB heap region) on both sides, so each
   * chunk is an ordinary young-generation allocation (1 MiB chunks made every message humongous).
   */
  public static final int UPLOAD_CHUNK_BYTES = 256 * 1024;
  /** Upload bytes the transport may queue before isReady turns false: four chunks. */
  static final int UPLOAD_QUEUED_BYTES = 4 * UPLOAD_CHUNK_BYTES;

  private final FileControllerGrpc.FileControllerBlockingStub blocking;
  private final FileControllerGrpc.FileControllerStub async;
  private final long deadlineMillis;

  public FileClient(Channel channel, Duration deadline) {
    this.blocking = FileControllerGrpc.newBlockingStub(channel);
    this.async = FileControllerGrpc.newStub(channel);
    this.deadlineMillis = Deadlines.millis(deadline);
  }

  public FileClient(Channel channel) {
    this(channel, Deadlines.DEFAULT);
  }

  /** The whole text of a UTF-8 file that fits one message (else FAILED_PRECONDITION). */
  public String read(String filename) {
    return blocking.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .read(Files.newBuilder().setFilename(filename).build())
        .getText();
  }

  /** Replaces (or creates) a file with {@code text}, atomically. */
  public void write(String filename, String text) {
    blocking.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .write(Files.newBuilder().setFilename(filename).setText(text).build());
  }

  /** The entries of a folder ("" for the root), sorted by name. */
  public List<FileEntry> list(String path) {
    return blocking.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .list(ListRequest.newBuilder().setPath(path).build())
        .getEntriesList();
  }

  /**
   * Streams {@code source} to the server as {@code filename}, sending only while the transport
   * is ready (so a slow server never makes this client buffer the file). The file appears on
   * the server only if everything arrived.
   *
   * @param size the byte count {@code source} will yield, checked by the server; -1 if unknown
   * @param progress told the running total of bytes sent
   * @return the server's size and SHA-256 of what it stored
   */
  public UploadReply upload(String filename, InputStream source, long size, LongConsumer progress)
      throws IOException {
    CompletableFuture<UploadReply> result = new CompletableFuture<>();
    ReadySignal ready = new ReadySignal();
    ClientCallStreamObserver<UploadRequest> requests = (ClientCallStreamObserver<UploadRequest>)
        async.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
            // Four chunks may queue in the transport (the default 32 KiB is less than one), so
            // the next chunks are ready while others are on the wire.
            .withOnReadyThreshold(UPLOAD_QUEUED_BYTES)
            .upload(new UploadResponses(result, ready));
    try {
      requests.onNext(UploadRequest.newBuilder()
          .setHeader(UploadHeader.newBuilder().setFilename(filename).setSize(Math.max(size, 0)))
          .build());
      long sent = 0;
      int read;
      while (true) {
        // A fresh array per chunk, never touched after onNext, can back the message uncopied.
        byte[] buffer = new byte[UPLOAD_CHUNK_BYTES];
        read = source.readNBytes(buffer, 0, buffer.length);
        if (read <= 0) {
          break;
        }
        ready.await(requests, result);
        if (result.isDone()) {
          break; // the server already answered (a refusal): stop sending
        }
        ByteString chunk = read == buffer.length
            ? UnsafeByteOperations.unsafeWrap(buffer)
            : ByteString.copyFrom(buffer, 0, read);
        requests.onNext(UploadRequest.newBuilder().setChunk(chunk).build());
        sent += read;
        progress.accept(sent);
      }
      requests.onCompleted();
    } catch (IOException | RuntimeException e) {
      // Cancelling tells the server to discard what it received: no partial file.
      requests.onError(Status.CANCELLED.withDescription("upload source failed").withCause(e)
          .asRuntimeException());
      throw e;
    }
    return await(result);
  }

  /**
   * Streams {@code filename} from {@code offset} into {@code sink}, reading one chunk at a time
   * (the server sends no faster than this reads).
   *
   * @param progress told the running total of bytes received
   * @return the bytes received and their SHA-256
   */
  public Transfer download(String filename, long offset, OutputStream sink, LongConsumer progress)
      throws IOException {
    return download(filename, offset, sink, progress, Transfer.Check.SHA256);
  }

  /**
   * {@link #download(String, long, OutputStream, LongConsumer)} with the check of the received
   * bytes chosen: {@link Transfer.Check#CRC32C} costs about a tenth of SHA-256's CPU.
   */
  public Transfer download(String filename, long offset, OutputStream sink, LongConsumer progress,
      Transfer.Check check) throws IOException {
    // Leaving early (an exception from the sink) must cancel the call, not abandon it.
    try (Context.CancellableContext context = Context.current().withCancellation()) {
      Context previous = context.attach();
      try {
        FileControllerGrpc.FileControllerBlockingStub stub =
            blocking.withDeadlineAfter(deadlineMillis, Deadlines.UNIT);
        ReceivedChunk.Pool arrays = new ReceivedChunk.Pool();
        // The generated stub's call, with each chunk read into a reused array (ReceivedChunk).
        Iterator<ReceivedChunk> chunks = ClientCalls.blockingServerStreamingCall(
            stub.getChannel(), ReceivedChunk.method(arrays), stub.getCallOptions(),
            DownloadRequest.newBuilder().setFilename(filename).setOffset(offset).build());
        Transfer.Counter counter = new Transfer.Counter(check);
        while (chunks.hasNext()) {
          ReceivedChunk chunk = chunks.next();
          sink.write(chunk.array(), chunk.offset(), chunk.length());
          counter.add(chunk.array(), chunk.offset(), chunk.length());
          arrays.give(chunk.array());
          progress.accept(counter.bytes());
        }
        return counter.result();
      } finally {
        context.detach(previous);
      }
    }
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw Status.fromThrowable(e.getCause()).asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }

  /** Wakes the uploading thread when the transport can take more, or the call ended. */
  private static final class ReadySignal {
    synchronized void signal() {
      notifyAll();
    }

    synchronized void await(ClientCallStreamObserver<?> requests, CompletableFuture<?> result) {
      // Bounded by the call's deadline: when it passes, onError completes the result.
      while (!requests.isReady() && !result.isDone()) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
      }
    }
  }

  private static final class UploadResponses
      implements ClientResponseObserver<UploadRequest, UploadReply> {
    private final CompletableFuture<UploadReply> result;
    private final ReadySignal ready;
    private UploadReply reply;

    UploadResponses(CompletableFuture<UploadReply> result, ReadySignal ready) {
      this.result = result;
      this.ready = ready;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<UploadRequest> requestStream) {
      requestStream.setOnReadyHandler(ready::signal);
    }

    @Override
    public void onNext(UploadReply value) {
      reply = value;
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
      ready.signal();
    }

    @Override
    public void onCompleted() {
      result.complete(reply);
      ready.signal();
    }
  }
}
