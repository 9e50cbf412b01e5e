package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.EndRecorder;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole server on a real loopback port: stop() ends workers and chats with UNAVAILABLE. */
class ContactShutdownTest {
  private PolyglotServer server;
  private ManagedChannel channel;

  @AfterEach
  void cleanUp() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void stopTurnsHealthNotServingAndEndsOpenStreamsWithUnavailable() throws Exception {
    ServerConfig config = ServerConfig.forTests().withShutdownGrace(Duration.ofSeconds(20));
    server = new PolyglotServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), config).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    ContactGrpc.ContactStub stub = ContactGrpc.newStub(channel);

    BlockingQueue<ServingStatus> health = new LinkedBlockingQueue<>();
    HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("Contact").build(),
        new StreamObserver<HealthCheckResponse>() {
          @Override
          public void onNext(HealthCheckResponse value) {
            health.add(value.getStatus());
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    assertEquals(ServingStatus.SERVING, health.poll(30, TimeUnit.SECONDS));

    WorkerSession worker = WorkerSession.start(stub, WorkerSession.HOLD_ALL);
    String id = ContactGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .submitTask(TaskRequest.newBuilder().setTask("sum 1 2 3").build()).getTaskId();
    assertEquals(id, worker.awaitReceived(1, Duration.ofSeconds(30)).get(0).getTaskId());

    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    EndRecorder<Result> chatReplies = EndRecorder.onEach(value -> replies.add(value.getRet()));
    StreamObserver<ClientMsg> chat = stub.sendStatus(chatReplies);
    chat.onNext(ClientMsg.newBuilder().setMsg("still there?").build());
    assertEquals("server received: still there?", replies.poll(30, TimeUnit.SECONDS));

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
      try {
        server.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertEquals(ServingStatus.NOT_SERVING, health.poll(30, TimeUnit.SECONDS));
    Status workerEnd = worker.ended().get(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, workerEnd.getCode(), workerEnd.toString());
    assertEquals(Status.Code.UNAVAILABLE, chatReplies.ended.get(30, TimeUnit.SECONDS).getCode());
    // The worker's results stream ends too, so nothing holds the server up: it stops long
    // before the 20 s grace period would force it, with the client still connected.
    stopped.get(15, TimeUnit.SECONDS);
    assertTrue(stopped.isDone());
  }
}
