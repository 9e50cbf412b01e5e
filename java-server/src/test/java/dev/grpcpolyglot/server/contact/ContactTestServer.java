package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import dev.grpcpolyglot.server.contact.queue.QueueStats;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ContactService} on the in-process transport; tests call it only through real stubs and
 * read {@link #stats()} to wait for states the API cannot show (e.g. a worker registered). Unlike
 * the shared harness the client keeps gRPC's default thread pool (no directExecutor), so
 * callbacks of different calls really run concurrently, as on Netty: the races are the point.
 * Shutdown, health and the real port are covered with PolyglotServer on Netty elsewhere.
 */
final class ContactTestServer implements AutoCloseable {
  private final ContactService service;
  private final Server server;
  private final ManagedChannel channel;

  private ContactTestServer(ContactService service, Server server, ManagedChannel channel) {
    this.service = service;
    this.server = server;
    this.channel = channel;
  }

  static ContactTestServer start(ContactConfig contact) throws IOException {
    String name = InProcessServerBuilder.generateName();
    ContactService service = new ContactService(contact);
    // As PolyglotServer runs a NonBlockingService: callbacks on the delivering thread.
    Server server = InProcessServerBuilder.forName(name).addService(service)
        .intercept(new IdempotencyKeys())
        .callExecutor(new ServerCallExecutorSupplier() {
          @Override
          public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
            return Runnable::run;
          }
        })
        .build().start();
    return new ContactTestServer(service, server, InProcessChannelBuilder.forName(name).build());
  }

  ManagedChannel channel() {
    return channel;
  }

  QueueStats stats() {
    return service.stats();
  }

  /** sendStatus and submitTasks streams the service has not seen end yet. */
  int openStreams() {
    return service.openStreams();
  }

  /** What PolyglotServer.stop does to the service before draining the server. */
  void beginShutdown() {
    service.beginShutdown();
  }

  /** Bounded polling until {@code count} workers are registered. */
  void awaitWorkers(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stats().workers() != count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    if (stats().workers() != count) {
      throw new AssertionError("expected " + count + " workers, have " + stats().workers());
    }
  }

  ContactGrpc.ContactBlockingStub blocking() {
    return ContactGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  ContactGrpc.ContactStub async() {
    return ContactGrpc.newStub(channel);
  }

  String submit(String task) {
    TaskReceipt receipt = blocking().submitTask(TaskRequest.newBuilder().setTask(task).build());
    return receipt.getTaskId();
  }

  TaskStatus status(String taskId) {
    return blocking().getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(taskId).build());
  }

  /** Bounded polling of a condition the server reaches asynchronously (an ack in transit). */
  TaskStatus awaitState(String taskId, TaskState state, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TaskStatus status = status(taskId);
    while (status.getState() != state && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
      status = status(taskId);
    }
    return status;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    service.beginShutdown();
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
    service.close();
  }
}
