package dev.grpcpolyglot.server.contact.queue;

/**
 * A consistent snapshot of one task, taken under the queue's lock.
 *
 * @param id the task's id
 * @param text what to do
 * @param state where the task is
 * @param result the first result reported, or "" while not done
 * @param deliveries how many times the task was handed to a worker
 */
public record TaskView(String id, String text, TaskState state, String result, int deliveries) {}
