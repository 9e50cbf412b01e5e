package dev.grpcpolyglot.server.contact.queue;

/** How a result was taken: the first for its task, a repeat, or one naming no known task. */
public enum Ack {
  FIRST,
  REPEAT,
  UNKNOWN_ID
}
