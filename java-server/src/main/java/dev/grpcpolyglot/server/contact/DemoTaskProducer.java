package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.server.contact.queue.TaskStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Like the reference server's producer: every period, submits one to three random tasks, so a
 * worker has something to do without a separate producer. Off unless --demo-tasks-every is set.
 */
final class DemoTaskProducer {
  private static final Logger logger = Logger.getLogger(DemoTaskProducer.class.getName());
  private static final List<String> WORDS =
      List.of("polyglot", "grpc", "contact", "worker", "queue", "stream", "netty", "proto");

  private final TaskStore queue;
  private final ScheduledExecutorService timer;

  private DemoTaskProducer(TaskStore queue) {
    this.queue = queue;
    // One daemon thread: it only submits a few tasks per period and must never keep the JVM alive.
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "contact-demo-producer");
      thread.setDaemon(true);
      return thread;
    });
  }

  static DemoTaskProducer start(TaskStore queue, Duration every) {
    DemoTaskProducer producer = new DemoTaskProducer(queue);
    long millis = Math.max(1, every.toMillis());
    // Runs until the timer is shut down; submitSome handles its own failures.
    var unused =
        producer.timer.scheduleAtFixedRate(producer::submitSome, millis, millis, TimeUnit.MILLISECONDS);
    logger.info("demo producer on: a few random tasks every " + every);
    return producer;
  }

  void stop() {
    timer.shutdownNow();
  }

  /** One to three tasks the Java worker knows how to do (reverse, upper, sum). */
  static String randomTask(ThreadLocalRandom random) {
    return switch (random.nextInt(3)) {
      case 0 -> "reverse " + WORDS.get(random.nextInt(WORDS.size()));
      case 1 -> "upper " + WORDS.get(random.nextInt(WORDS.size()));
      default -> "sum " + random.nextInt(100) + " " + random.nextInt(100) + " " + random.nextInt(100);
    };
  }

  private void submitSome() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      String task = randomTask(random);
      try {
        // This timer thread may wait for the store's commit; nothing else runs on it.
        String id = queue.submit(task).join();
        logger.info("demo producer submitted task " + id + ": " + task);
      } catch (CompletionException e) {
        // Full or shutting down: skip this round; an exception would cancel the schedule.
        logger.warning("demo producer skipped a task: " + e.getCause().getMessage());
        return;
      }
    }
  }
}
