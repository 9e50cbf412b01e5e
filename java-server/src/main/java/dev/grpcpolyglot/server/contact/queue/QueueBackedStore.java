package dev.grpcpolyglot.server.contact.queue;

/**
 * A store whose queue runs in this process's memory ({@link TaskQueue}): workers, statuses,
 * shutdown and counts come straight from it; subclasses say how submits and results are kept.
 */
public abstract class QueueBackedStore implements TaskStore {
  protected final TaskQueue queue;

  protected QueueBackedStore(TaskQueue queue) {
    this.queue = queue;
  }

  @Override
  public void keepLooseResult(String result) {
    queue.keepLooseResult(result);
  }

  @Override
  public WorkerSlot register(TaskSink sink) {
    return queue.register(sink);
  }

  @Override
  public TaskView status(String taskId) {
    return queue.status(taskId);
  }

  @Override
  public void shutdown(RuntimeException reason) {
    queue.shutdown(reason);
  }

  @Override
  public QueueStats stats() {
    return queue.stats();
  }

  @Override
  public long redeliveries() {
    return queue.redeliveries();
  }
}
