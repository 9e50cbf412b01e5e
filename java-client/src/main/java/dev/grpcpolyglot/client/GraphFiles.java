package dev.grpcpolyglot.client;

import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads a graph: from one JSON file in the proto3 JSON mapping of {@code GraphData} ({@link
 * #readJson}, the form every CLI, grpcurl and the gateway take), or from two text files (UTF-8; blank lines and lines starting with {@code #} are
 * skipped; fields are separated by spaces, tabs or commas):
 *
 * <ul>
 *   <li>features: one node per line, {@code ID F1 F2 ...} (the nodes, in this order);
 *   <li>edges: one undirected edge per line, {@code SOURCE_ID TARGET_ID}.
 * </ul>
 *
 * <p>Only the syntax is checked here (a malformed number or a short line names file and line);
 * the meaning (unknown ids, uneven feature counts) is the server's to judge, so its errors are
 * the ones every client sees.
 */
public final class GraphFiles {
  private static final Pattern SEPARATOR = Pattern.compile("[\\s,]+");

  private GraphFiles() {}

  /**
   * Reads {@code file} as the proto3 JSON mapping of GraphData: {@code {"nodes": [{"id": "a",
   * "features": [1, 0]}], "edges": [{"sourceId": "a", "targetId": "b"}]}}.
   *
   * @throws IllegalArgumentException one line naming the file and what is wrong with it
   */
  public static GraphData readJson(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    GraphData.Builder graph = GraphData.newBuilder();
    try {
      JsonFormat.parser().merge(text, graph);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a GraphData in JSON: " + reasonOf(e));
    }
    return graph.build();
  }

  /** The parser's complaint without the class names of the JSON library it wraps. */
  private static String reasonOf(Exception e) {
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    int afterClass = message.lastIndexOf("Exception: ");
    return afterClass < 0 ? message : message.substring(afterClass + "Exception: ".length());
  }

  /** Reads both files into one request. */
  public static GraphData read(Path edges, Path features) throws IOException {
    GraphData.Builder graph = GraphData.newBuilder();
    readLines(features, (fields, where) -> {
      Node.Builder node = Node.newBuilder().setId(fields[0]);
      for (int k = 1; k < fields.length; k++) {
        try {
          node.addFeatures(Float.parseFloat(fields[k]));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + ": feature " + (k - 1) + " of node "
              + fields[0] + " is not a number: " + fields[k]);
        }
      }
      graph.addNodes(node);
    });
    readLines(edges, (fields, where) -> {
      if (fields.length != 2) {
        throw new IllegalArgumentException(
            where + ": expected 'SOURCE_ID TARGET_ID', got " + fields.length + " fields");
      }
      graph.addEdges(Edge.newBuilder().setSourceId(fields[0]).setTargetId(fields[1]));
    });
    return graph.build();
  }

  private interface LineHandler {
    void accept(String[] fields, String where);
  }

  private static void readLines(Path file, LineHandler handler) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          handler.accept(SEPARATOR.split(trimmed), file + ":" + number);
        }
      }
    }
  }
}
