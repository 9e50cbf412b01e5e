package dev.grpcpolyglot.server.gcn;

/**
 * The reply of ProcessGraph in the form the computation produces it: node i (its id as the
 * graph's UTF-8 bytes) scores {@code values[i]}. {@link NodeScoresMarshaller} writes it as a
 * {@code GCNResult} without building a map of boxed entries.
 */
@SuppressWarnings("ArrayRecordComponent") // a view of the computed array: a copy would cost its size
record NodeScores(WireGraph graph, double[] values) {}
