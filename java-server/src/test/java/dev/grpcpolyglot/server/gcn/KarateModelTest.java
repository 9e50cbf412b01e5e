package dev.grpcpolyglot.server.gcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The committed karate-club model, served by the Java server on the karate graph: the accuracy
 * it reaches must be the one the training script recorded and docs/gcn.md reports.
 */
class KarateModelTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void servedModelReachesTheAccuracyTheReadmeReports() throws Exception {
    Path modelFile = REPO.resolve("models/karate-gcn.json");
    GcnConfig gcn = GcnConfig.defaults().withNetwork(ModelFile.load(modelFile));
    Map<String, Integer> labels = pairs(REPO.resolve("data/karate/labels.txt")).stream()
        .collect(Collectors.toMap(p -> p[0], p -> Integer.parseInt(p[1])));
    GraphData graph = karateGraph();

    GCNResult result;
    try (InProcessHarness harness =
        InProcessHarness.start(ServerConfig.forTests().with(GcnModule.MODULE, gcn))) {
      result = GCNServiceGrpc.newBlockingStub(harness.channel())
          .withDeadlineAfter(10, TimeUnit.SECONDS).processGraph(graph);
    }
    long correct = labels.entrySet().stream()
        .filter(e -> (result.getNodeScoresOrThrow(e.getKey()) > 0.5f ? 1 : 0) == e.getValue())
        .count();

    assertEquals(34, result.getNodeScoresCount());
    JsonObject training = JsonParser.parseString(Files.readString(modelFile))
        .getAsJsonObject().getAsJsonObject("training");
    assertEquals(training.get("correct").getAsInt(), correct, "accuracy recorded by training");
    String reported = correct + "/34";
    String page = Files.readString(REPO.resolve("docs/gcn.md"));
    assertTrue(page.contains("karate accuracy: " + reported),
        "docs/gcn.md must report 'karate accuracy: " + reported + "'");
  }

  private static GraphData karateGraph() throws IOException {
    GraphData.Builder graph = GraphData.newBuilder();
    for (String line : dataLines(REPO.resolve("data/karate/features.txt"))) {
      String[] fields = line.split("\\s+");
      Node.Builder node = Node.newBuilder().setId(fields[0]);
      for (int k = 1; k < fields.length; k++) {
        node.addFeatures(Float.parseFloat(fields[k]));
      }
      graph.addNodes(node);
    }
    for (String[] pair : pairs(REPO.resolve("data/karate/edges.txt"))) {
      graph.addEdges(Edge.newBuilder().setSourceId(pair[0]).setTargetId(pair[1]));
    }
    assertEquals(34, graph.getNodesCount());
    assertEquals(78, graph.getEdgesCount());
    return graph.build();
  }

  private static List<String[]> pairs(Path file) throws IOException {
    return dataLines(file).stream().map(line -> line.split("\\s+")).toList();
  }

  private static List<String> dataLines(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }
}
