package dev.grpcpolyglot.server.error;

/**
 * The kinds of failure the domain code reports. Deliberately free of gRPC types so the domain
 * classes (file store, GCN model, task queue) can be used and tested without a server;
 * {@link Statuses} maps each kind to its canonical gRPC status code in one place.
 */
public enum Problem {
  /** The caller sent something malformed (a bad path, a NaN feature, ...). */
  INVALID_ARGUMENT,
  /** The named thing does not exist. */
  NOT_FOUND,
  /** The request is well formed but reaches somewhere it must not (e.g. outside a sandbox). */
  PERMISSION_DENIED,
  /** The request is valid but the target is in the wrong state for it (e.g. a folder to Read). */
  FAILED_PRECONDITION,
  /** A configured limit or the disk is exhausted. */
  RESOURCE_EXHAUSTED,
  /** The server cannot do it right now (e.g. shutting down); the caller may retry elsewhere. */
  UNAVAILABLE,
  /** The caller went away or its deadline passed while the work was running. */
  CANCELLED
}
