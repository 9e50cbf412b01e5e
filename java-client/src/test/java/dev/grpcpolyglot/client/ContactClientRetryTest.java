package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ContactClient's submits against the real server when the first answer is lost after the
 * server stored the tasks (the channel turns it into UNAVAILABLE, as a dropped connection
 * does): the client retries with the same idempotency key and the tasks are queued once.
 */
class ContactClientRetryTest {
  private final String name = InProcessServerBuilder.generateName();
  private PolyglotServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = new PolyglotServer(InProcessServerBuilder.forName(name), ServerConfig.forTests()).start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }

  @Test
  void aBatchWhoseAnswerWasLostIsQueuedOnce() {
    LoseAnswers lossy = new LoseAnswers(1);
    ContactClient client = new ContactClient(ClientInterceptors.intercept(channel, lossy),
        Duration.ofSeconds(30));
    List<String> ids = client.submitTaskBatch(List.of("a", "b", "c", "d", "e"));
    assertEquals(2, lossy.calls.get(), "one lost answer, one retry");
    assertEquals(List.of("1", "2", "3", "4", "5"), ids);
    // Ids count from 1 in the memory store: a second copy of the batch would be 6 to 10.
    StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
        () -> client.getTaskStatus("6"));
    assertEquals(Status.Code.NOT_FOUND, none.getStatus().getCode());
    assertEquals("6", client.submitTask("next"));
  }

  @Test
  void aSubmitTaskWhoseAnswerWasLostTwiceIsQueuedOnce() {
    LoseAnswers lossy = new LoseAnswers(2);
    ContactClient client = new ContactClient(ClientInterceptors.intercept(channel, lossy),
        Duration.ofSeconds(30));
    assertEquals("1", client.submitTask("once"));
    assertEquals(3, lossy.calls.get());
    assertEquals("2", client.submitTask("next"));
  }

  @Test
  void withoutRetriesTheLostAnswerIsTheCallersUnavailable() {
    ContactClient client = new ContactClient(ClientInterceptors.intercept(channel,
        new LoseAnswers(1)), Duration.ofSeconds(30), SubmitRetry.NONE);
    StatusRuntimeException lost = assertThrows(StatusRuntimeException.class,
        () -> client.submitTask("once"));
    assertEquals(Status.Code.UNAVAILABLE, lost.getStatus().getCode());
  }

  /**
   * Lets the first {@code lose} calls reach the server and complete there, then reports each as
   * UNAVAILABLE instead of its answer: an answer lost on its way back.
   */
  private static final class LoseAnswers implements ClientInterceptor {
    private final int lose;
    final AtomicInteger calls = new AtomicInteger();

    LoseAnswers(int lose) {
      this.lose = lose;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      boolean lost = calls.incrementAndGet() <= lose;
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(!lost ? listener
              : new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onMessage(R message) {}

                @Override
                public void onClose(Status status, Metadata trailers) {
                  super.onClose(Status.UNAVAILABLE.withDescription("answer lost"), new Metadata());
                }
              }, headers);
        }
      };
    }
  }
}
