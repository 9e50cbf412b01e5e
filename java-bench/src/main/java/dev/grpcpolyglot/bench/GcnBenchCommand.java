package dev.grpcpolyglot.bench;

import dev.grpcpolyglot.client.GcnClient;
import dev.grpcpolyglot.client.cli.ConnectionOptions;
import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gcn-bench}: times GCNService/ProcessGraph on a seeded random graph, end to end from this
 * client (serialize, send, server parse and compute, reply, parse) and on the server (its
 * {@code gcn-server-ms} trailer). Used by scripts/bench gcn; every loop is bounded by --runs.
 */
@Command(name = "gcn-bench", mixinStandardHelpOptions = true, sortOptions = false,
    showDefaultValues = true, usageHelpWidth = 100,
    description = "Times GCNService/ProcessGraph on a random graph (warm-up calls first).")
final class GcnBenchCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Option(names = "--nodes", defaultValue = "10000", description = "Nodes of the random graph.")
  int nodes;

  @Option(names = "--edges", defaultValue = "100000", description = "Edges (uniform pairs).")
  int edges;

  @Option(names = "--features", defaultValue = "16", description = "Features per node.")
  int features;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed calls first (JIT).")
  int warmup;

  @Option(names = "--runs", defaultValue = "5", description = "Timed calls.")
  int runs;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(names = "--server-pid", defaultValue = "0",
      description = "The server's process id (same machine, Linux): also print its CPU seconds.")
  long serverPid;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    long buildStart = System.nanoTime();
    GraphData graph = randomGraph();
    double buildMs = (System.nanoTime() - buildStart) / 1e6;
    out.printf(Locale.ROOT, "graph: %d nodes, %d edges, %d features; request %.1f MiB "
            + "(built in %.0f ms)%n", nodes, edges, features,
        graph.getSerializedSize() / 1048576.0, buildMs);
    ManagedChannel channel = connection.openChannel();
    try {
      GcnClient client = new GcnClient(channel, connection.deadline());
      CpuMeter serverCpu = CpuMeter.start(serverPid);
      for (int i = 0; i < warmup; i++) {
        client.processGraphTimed(graph);
      }
      CpuMeter cpu = CpuMeter.start(0);
      double[] endToEnd = new double[runs];
      double[] server = new double[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        GcnClient.Timed reply = client.processGraphTimed(graph);
        endToEnd[i] = (System.nanoTime() - start) / 1e6;
        server[i] = reply.serverMillis().orElse(Double.NaN);
        if (reply.scores().size() != nodes) {
          throw new IllegalStateException("got " + reply.scores().size() + " scores");
        }
        out.printf(Locale.ROOT, "run %d: end-to-end %.1f ms, server %.1f ms%n",
            i + 1, endToEnd[i], server[i]);
      }
      double clientCpuSeconds = cpu.clientSeconds() / Math.max(1, runs);
      out.printf(Locale.ROOT, "median: end-to-end %.1f ms, server %.1f ms%n",
          Samples.median(endToEnd), Samples.median(server));
      out.printf(Locale.ROOT, "client CPU: %.2f s per timed call%n", clientCpuSeconds);
      double serverSeconds = serverCpu.serverSeconds();
      if (!Double.isNaN(serverSeconds)) {
        out.printf(Locale.ROOT, "server CPU: %.2f s per call (mean of %d calls incl. warm-up)%n",
            serverSeconds / Math.max(1, warmup + runs), warmup + runs);
      }
      return 0;
    } catch (StatusRuntimeException e) {
      spec.commandLine().getErr().println("GCNService/ProcessGraph FAILED: " + e.getStatus());
      return 1;
    } finally {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
  }

  private GraphData randomGraph() {
    SplittableRandom random = new SplittableRandom(seed);
    GraphData.Builder graph = GraphData.newBuilder();
    String[] ids = new String[nodes];
    for (int i = 0; i < nodes; i++) {
      ids[i] = "n" + i;
      Node.Builder node = Node.newBuilder().setId(ids[i]);
      for (int k = 0; k < features; k++) {
        node.addFeatures((float) (random.nextDouble() * 2 - 1));
      }
      graph.addNodes(node);
    }
    for (int e = 0; e < edges; e++) {
      graph.addEdges(Edge.newBuilder()
          .setSourceId(ids[random.nextInt(nodes)]).setTargetId(ids[random.nextInt(nodes)]));
    }
    return graph.build();
  }
}
