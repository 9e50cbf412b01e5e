package dev.grpcpolyglot.server.routeguide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.routeguide.Feature;
import dev.grpcpolyglot.proto.routeguide.Point;
import dev.grpcpolyglot.proto.routeguide.Rectangle;
import dev.grpcpolyglot.proto.routeguide.RouteGuideGrpc;
import dev.grpcpolyglot.proto.routeguide.RouteNote;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both streaming directions respect the client's flow control. On the in-process transport a
 * server stream is ready exactly while the client has unfilled requests, so a ListFeatures that
 * ignored isReady would hand the transport all 64 features at once, and a RouteChat that kept
 * requesting notes while it could not send would take every note a non-reading client writes.
 */
class RouteGuideFlowControlTest {
  private static final Rectangle NEW_YORK_AREA = Rectangle.newBuilder()
      .setLo(Point.newBuilder().setLatitude(400000000).setLongitude(-750000000))
      .setHi(Point.newBuilder().setLatitude(420000000).setLongitude(-730000000))
      .build();

  private final AtomicInteger featuresSent = new AtomicInteger();
  private final AtomicInteger notesTaken = new AtomicInteger();
  private PolyglotServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
    builder.intercept(new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> listener = next.startCall(new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(R message) {
            featuresSent.incrementAndGet();
            super.sendMessage(message);
          }
        }, headers);
        return new SimpleForwardingServerCallListener<>(listener) {
          @Override
          public void onMessage(Q message) {
            notesTaken.incrementAndGet();
            super.onMessage(message);
          }
        };
      }
    });
    server = new PolyglotServer(builder, ServerConfig.forTests()).start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }

  @Test
  void sendsNoMoreThanTheClientRequestedThenResumesWhenItAsksForMore() throws Exception {
    CountDownLatch firstFive = new CountDownLatch(5);
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<ClientCallStreamObserver<Rectangle>> call = new CompletableFuture<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    RouteGuideGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).listFeatures(
        NEW_YORK_AREA, new ClientResponseObserver<Rectangle, Feature>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<Rectangle> requestStream) {
            requestStream.disableAutoRequestWithInitial(5);
            call.complete(requestStream);
          }

          @Override
          public void onNext(Feature feature) {
            received.incrementAndGet();
            firstFive.countDown();
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    assertTrue(firstFive.await(10, TimeUnit.SECONDS), "the first 5 features did not arrive");
    assertEquals(5, featuresSent.get(), "the server sent more than the client requested");

    call.get(10, TimeUnit.SECONDS).request(1000);
    done.get(10, TimeUnit.SECONDS);
    assertEquals(64, received.get());
    assertEquals(64, featuresSent.get());
  }

  @Test
  void routeChatTakesNoMoreNotesWhileItCannotSendTheReplies() throws Exception {
    Point here = Point.newBuilder().setLatitude(7).setLongitude(7).build();
    CompletableFuture<ClientCallStreamObserver<RouteNote>> call = new CompletableFuture<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger received = new AtomicInteger();
    StreamObserver<RouteNote> notes = RouteGuideGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .routeChat(new ClientResponseObserver<RouteNote, RouteNote>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<RouteNote> requestStream) {
            requestStream.disableAutoRequestWithInitial(0); // read nothing yet
            call.complete(requestStream);
          }

          @Override
          public void onNext(RouteNote value) {
            received.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    for (int i = 0; i < 20; i++) {
      notes.onNext(RouteNote.newBuilder().setLocation(here).setMessage("note " + i).build());
    }
    notes.onCompleted();
    assertEquals(1, notesTaken.get(), "the server took notes it could not answer");

    call.get(10, TimeUnit.SECONDS).request(1000);
    done.get(10, TimeUnit.SECONDS);
    assertEquals(20, notesTaken.get());
    assertEquals(19 * 20 / 2, received.get()); // note i brings back the i notes before it
  }
}
