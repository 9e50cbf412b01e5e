package dev.grpcpolyglot.server.contact.store.embedded;

import dev.grpcpolyglot.server.contact.queue.Ack;
import dev.grpcpolyglot.server.contact.queue.QueueBackedStore;
import dev.grpcpolyglot.server.contact.queue.QueueLimits;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.contact.queue.TaskChecks;
import dev.grpcpolyglot.server.contact.queue.TaskIds;
import dev.grpcpolyglot.server.contact.queue.TaskQueue;
import dev.grpcpolyglot.server.error.Failures;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/**
 * The {@code embedded} store (the default): the queue runs in memory ({@link TaskQueue}, as fast
 * as the memory store for handing out tasks) and every change that must survive a crash goes
 * first to an SQLite database in the data dir ({@link SqliteTaskJournal}). A submit is answered
 * only once its tasks are committed; a result makes its task DONE only once it is committed. On
 * start the queue is rebuilt from the database: every unfinished task is QUEUED again (those in
 * flight at the crash are delivered again: at least once), finished ones keep their results,
 * and new ids continue after the highest ever issued.
 *
 * <p>The data dir belongs to one server process at a time (a lock file): two processes would
 * each hand out the same tasks and ids.
 */
public final class EmbeddedTaskStore extends QueueBackedStore {
  private static final Logger logger = Logger.getLogger(EmbeddedTaskStore.class.getName());
  static final String DATABASE_FILE = "contact-tasks.db";
  static final String LOCK_FILE = "contact-tasks.lock";

  private final SqliteTaskJournal journal;
  private final FileChannel lockChannel;

  private EmbeddedTaskStore(TaskQueue queue, SqliteTaskJournal journal, FileChannel lockChannel) {
    super(queue);
    this.journal = journal;
    this.lockChannel = lockChannel;
  }

  /**
   * Opens the store in {@code dataDir}, keeping submit keys for {@code idempotencyWindow};
   * IllegalArgumentException naming the problem.
   */
  public static EmbeddedTaskStore open(QueueLimits limits, Path dataDir,
      Duration idempotencyWindow) {
    return open(limits, dataDir, idempotencyWindow, 0);
  }

  /** As above with the default window. */
  public static EmbeddedTaskStore open(QueueLimits limits, Path dataDir) {
    return open(limits, dataDir, SubmitKey.DEFAULT_WINDOW, 0);
  }

  /** As above; {@code maxPages} limits the database's size (tests of a full disk), 0 = none. */
  public static EmbeddedTaskStore open(QueueLimits limits, Path dataDir, long maxPages) {
    return open(limits, dataDir, SubmitKey.DEFAULT_WINDOW, maxPages);
  }

  private static EmbeddedTaskStore open(QueueLimits limits, Path dataDir,
      Duration idempotencyWindow, long maxPages) {
    Path dir = dataDir.toAbsolutePath();
    FileChannel lockChannel = lockDataDir(dir);
    try {
      Path file = dir.resolve(DATABASE_FILE);
      List<SqliteTaskJournal.Loaded> loaded = new ArrayList<>(1);
      // The queue exists before the journal only through this holder: retention's prunes go to
      // the journal, which is opened first with what the queue starts from.
      SqliteTaskJournal journal =
          SqliteTaskJournal.open(file, limits.retainDone(), maxPages, idempotencyWindow, loaded);
      SqliteTaskJournal.Loaded state = loaded.get(0);
      TaskQueue queue = new TaskQueue(limits.maxInFlight(), limits.maxQueued(),
          limits.retainDone(), limits.retainLooseResults(), state.nextId(), journal::forget);
      for (SqliteTaskJournal.StoredTask task : state.done()) {
        queue.restoreDone(task.id(), task.text(), task.result(), task.deliveries());
      }
      for (SqliteTaskJournal.StoredTask task : state.waiting()) {
        queue.restoreQueued(task.id(), task.text(), task.deliveries());
      }
      logger.info("contact store: embedded, data dir " + dir + " (" + state.waiting().size()
          + " tasks waiting, " + state.done().size() + " finished kept, next id "
          + state.nextId() + ")");
      return new EmbeddedTaskStore(queue, journal, lockChannel);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(lockChannel);
      throw new IllegalArgumentException("cannot open the task store in --data-dir " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /** Creates the data dir and takes its lock, or says which other process holds it. */
  private static FileChannel lockDataDir(Path dir) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new OverlappingFileLockException();
      }
      return channel;
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new IllegalArgumentException("--data-dir " + dir + " is in use by another server;"
          + " give each server its own --data-dir");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new IllegalArgumentException("cannot create or lock --data-dir " + dir + ": " + e);
    }
  }

  @Override
  public CompletableFuture<String> submit(String text) {
    CompletableFuture<String> rejected = TaskChecks.rejectInvalid(text);
    if (rejected != null) {
      return rejected;
    }
    return store(List.of(text), null).thenApply(ids -> ids.get(0));
  }

  @Override
  public CompletableFuture<List<String>> submitAll(List<String> texts) {
    CompletableFuture<List<String>> unstored = TaskChecks.answerUnstored(texts);
    if (unstored != null) {
      return unstored;
    }
    return store(texts, null);
  }

  @Override
  public CompletableFuture<List<String>> submitAll(List<String> texts, SubmitKey key) {
    CompletableFuture<List<String>> unstored = TaskChecks.answerUnstored(texts);
    if (unstored != null) {
      return unstored;
    }
    return store(texts, key);
  }

  /**
   * Reserves room and ids, commits the tasks (with {@code key} unless null), then queues them;
   * or gives the room back when the commit failed or the key's earlier submit answers instead.
   */
  @SuppressWarnings("unchecked")
  private CompletableFuture<List<String>> store(List<String> texts, SubmitKey key) {
    long first;
    try {
      first = queue.reserve(texts.size());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return journal.insert(first, texts, key).handle((earlier, failure) -> {
      if (failure != null) {
        queue.release(texts.size());
        throw new CompletionException(Failures.unwrap(failure));
      }
      if (earlier != null) {
        queue.release(texts.size()); // a repeat: its reserved ids stay unused
        return (List<String>) earlier;
      }
      queue.admit(first, texts);
      return TaskIds.formatAll(first, texts.size());
    });
  }

  @Override
  public CompletableFuture<Ack> acknowledge(String taskId, String result) {
    TaskQueue.AckClaim claim = queue.claimAck(taskId, result);
    if (claim.ack() != Ack.FIRST) {
      return CompletableFuture.completedFuture(claim.ack());
    }
    return journal.finish(claim.id(), result, claim.deliveries()).handle((ignored, failure) -> {
      if (failure != null) {
        queue.abandonAck(claim.id());
        throw new CompletionException(Failures.unwrap(failure));
      }
      queue.finishAck(claim.id(), result);
      return Ack.FIRST;
    });
  }

  @Override
  public void close() {
    journal.close();
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      logger.warning("could not release the data dir lock: " + e);
    }
  }
}
