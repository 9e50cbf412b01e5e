package dev.grpcpolyglot.server.testing;

import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Lists services the way grpcurl does, over reflection v1 or v1alpha. */
public final class Reflection {
  private Reflection() {}

  /** Service names from grpc.reflection.v1.ServerReflection. */
  public static List<String> listV1(Channel channel) throws Exception {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            names.complete(response.getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList());
          }

          @Override
          public void onError(Throwable t) {
            names.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    return names.get(10, TimeUnit.SECONDS);
  }

  /**
   * The names of the files reflection v1 sends for {@code symbol} (the file declaring it first),
   * as grpcurl asks when it decodes an {@code Any}; empty when the server answers NOT_FOUND.
   */
  public static List<String> filesContainingV1(Channel channel, String symbol) throws Exception {
    CompletableFuture<List<String>> files = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            List<String> names = new java.util.ArrayList<>();
            for (com.google.protobuf.ByteString file
                : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
              try {
                names.add(com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(file)
                    .getName());
              } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                files.completeExceptionally(e);
              }
            }
            files.complete(names);
          }

          @Override
          public void onError(Throwable t) {
            files.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
    requests.onCompleted();
    return files.get(10, TimeUnit.SECONDS);
  }

  /** Service names from the deprecated grpc.reflection.v1alpha.ServerReflection. */
  @SuppressWarnings("deprecation")
  public static List<String> listV1Alpha(Channel channel) throws Exception {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .serverReflectionInfo(
                new StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionResponse>() {
                  @Override
                  public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse response) {
                    names.complete(response.getListServicesResponse().getServiceList().stream()
                        .map(io.grpc.reflection.v1alpha.ServiceResponse::getName).toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    names.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setListServices("").build());
    requests.onCompleted();
    return names.get(10, TimeUnit.SECONDS);
  }
}
