package dev.grpcpolyglot.server.lifecycle;

/**
 * A service whose handlers never block (no I/O, no waiting; only short critical sections), so
 * the server ({@code PolyglotServer}) runs its calls directly on the transport threads instead
 * of hopping to the application executor for every message. For tiny unary calls (Hello, Greeter) and
 * message-heavy streams (Contact) that hop, and the thread wake-ups it causes, cost more than
 * the handler itself.
 */
public interface NonBlockingService {}
