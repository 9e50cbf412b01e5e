package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.proto.muxs.Content;
import dev.grpcpolyglot.proto.muxs.DownloadRequest;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.FileEntry;
import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.proto.muxs.ListReply;
import dev.grpcpolyglot.proto.muxs.ListRequest;
import dev.grpcpolyglot.proto.muxs.Status;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.server.error.Statuses;
import dev.grpcpolyglot.server.error.Unary;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code muxs.FileController}: the gRPC face of a {@link FileStore}. Every method maps the
 * store's problems to statuses through {@link Statuses}; the store does the file work.
 *
 * <p>Threading: handlers run on the server's executor (a cached pool), so the blocking file I/O
 * here never stalls a Netty event loop.
 *
 * <p>It binds itself ({@link #bindService}) rather than extending the generated
 * {@code FileControllerImplBase}: Upload is bound with {@link UploadMessageMarshaller}, which
 * parses chunks without copying them, and Download with {@link OutgoingChunk}'s marshaller,
 * which sends from reused arrays (same wire format, same method names).
 */
public final class FileControllerService implements BindableService {
  private final FileStore store;
  private final int chunkBytes;
  private final FileTraffic traffic;

  /** Opens (creating if needed) the configured root. */
  public FileControllerService(FilesConfig config) {
    this(config, DomainMetrics.NONE);
  }

  /** As above, counting the content bytes stored and served in {@code metrics}. */
  public FileControllerService(FilesConfig config, DomainMetrics metrics) {
    this(openStore(config), config.chunkBytes(), metrics);
  }

  FileControllerService(FileStore store, int chunkBytes) {
    this(store, chunkBytes, DomainMetrics.NONE);
  }

  private FileControllerService(FileStore store, int chunkBytes, DomainMetrics metrics) {
    this.store = store;
    this.chunkBytes = chunkBytes;
    this.traffic = new FileTraffic(metrics);
  }

  private static FileStore openStore(FilesConfig config) {
    try {
      return FileStore.open(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the files root " + config.root(), e);
    }
  }

  @Override
  public ServerServiceDefinition bindService() {
    MethodDescriptor<UploadMessage, UploadReply> upload = FileControllerGrpc.getUploadMethod()
        .toBuilder(new UploadMessageMarshaller(),
            FileControllerGrpc.getUploadMethod().getResponseMarshaller())
        .build();
    MethodDescriptor<DownloadRequest, OutgoingChunk> download =
        FileControllerGrpc.getDownloadMethod()
            .toBuilder(FileControllerGrpc.getDownloadMethod().getRequestMarshaller(),
                new OutgoingChunk.Marshaller())
            .build();
    ServiceDescriptor generated = FileControllerGrpc.getServiceDescriptor();
    ServiceDescriptor service = ServiceDescriptor.newBuilder(generated.getName())
        .setSchemaDescriptor(generated.getSchemaDescriptor()) // reflection still sees muxs.proto
        .addMethod(FileControllerGrpc.getReadMethod())
        .addMethod(FileControllerGrpc.getWriteMethod())
        .addMethod(upload)
        .addMethod(download)
        .addMethod(FileControllerGrpc.getListMethod())
        .build();
    return ServerServiceDefinition.builder(service)
        .addMethod(FileControllerGrpc.getReadMethod(), ServerCalls.asyncUnaryCall(this::read))
        .addMethod(FileControllerGrpc.getWriteMethod(), ServerCalls.asyncUnaryCall(this::write))
        .addMethod(upload, ServerCalls.asyncClientStreamingCall(this::upload))
        .addMethod(download, ServerCalls.asyncServerStreamingCall(this::download))
        .addMethod(FileControllerGrpc.getListMethod(), ServerCalls.asyncUnaryCall(this::list))
        .build();
  }

  /** Read returns a whole UTF-8 file (see proto/muxs.proto for every refusal). */
  public void read(Files request, StreamObserver<Content> responseObserver) {
    Unary.respond(responseObserver, () -> {
      Content content = Content.newBuilder()
          .setText(store.read(FilePath.ofFile(request.getFilename(), "filename")))
          .build();
      traffic.bytesOut.add(content.getTextBytes().size());
      return content;
    });
  }

  /** Write atomically replaces (or creates) a file with the given text; replies code 0. */
  public void write(Files request, StreamObserver<Status> responseObserver) {
    Unary.respond(responseObserver, () -> {
      store.write(FilePath.ofFile(request.getFilename(), "filename"),
          request.getTextBytes().asReadOnlyByteBuffer());
      traffic.bytesIn.add(request.getTextBytes().size());
      return Status.newBuilder().setCode(0).build();
    });
  }

  /** Upload stores a client stream of chunks; the file appears only if the stream ends OK. */
  public StreamObserver<UploadMessage> upload(StreamObserver<UploadReply> responseObserver) {
    return new UploadObserver(store, new StreamObserver<>() {
      @Override
      public void onNext(UploadReply reply) {
        // The one reply of an Upload that stored its file.
        traffic.bytesIn.add(reply.getSize());
        responseObserver.onNext(reply);
      }

      @Override
      public void onError(Throwable t) {
        responseObserver.onError(t);
      }

      @Override
      public void onCompleted() {
        responseObserver.onCompleted();
      }
    });
  }

  /** Download streams a file in chunks, sending only as fast as the client reads. */
  public void download(DownloadRequest request,
      StreamObserver<OutgoingChunk> responseObserver) {
    ServerCallStreamObserver<OutgoingChunk> call =
        (ServerCallStreamObserver<OutgoingChunk>) responseObserver;
    Download download;
    try {
      download = store.openDownload(FilePath.ofFile(request.getFilename(), "filename"),
          request.getOffset());
    } catch (RuntimeException e) {
      responseObserver.onError(Statuses.toException(e));
      return;
    }
    new DownloadPump(download, call, chunkBytes, traffic.bytesOut::add).start();
  }

  /** List returns a folder's files and subfolders, sorted by name. */
  public void list(ListRequest request, StreamObserver<ListReply> responseObserver) {
    Unary.respond(responseObserver, () -> {
      ListReply.Builder reply = ListReply.newBuilder();
      for (FolderEntry entry : store.list(FilePath.ofFolder(request.getPath(), "path"))) {
        reply.addEntries(FileEntry.newBuilder()
            .setName(entry.name())
            .setSize(entry.size())
            .setIsDir(entry.isDirectory()));
      }
      return reply.build();
    });
  }
}
