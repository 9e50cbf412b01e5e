package dev.grpcpolyglot.server.gcn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads trained GCN weights from a JSON file:
 *
 * <pre>{"W1": [[...], ...], "b1": [...], "W2": [[w], ...], "b2": [b]}</pre>
 *
 * <p>W1 is {@code inputs x hidden} (one inner array per input feature), b1 has {@code hidden}
 * values, W2 is {@code hidden x 1} (one single-value array per hidden unit) and b2 has one value.
 * Every value must be a finite JSON number. Other top-level keys (for example a description of
 * how the model was trained) are ignored. Any problem is an {@link IllegalArgumentException}
 * naming the file and the offending entry, so a bad file stops the server at start.
 */
public final class ModelFile {
  private ModelFile() {}

  /** Loads and validates {@code file}. */
  public static TrainedGcn load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--gcn-model " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("--gcn-model " + file + ": cannot read it: " + e, e);
    }
  }

  /** Parses model JSON text; {@code name} labels error messages. */
  public static TrainedGcn parse(String json, String name) {
    return parse(new StringReader(json), name);
  }

  private static TrainedGcn parse(Reader text, String name) {
    String where = "--gcn-model " + name + ": ";
    JsonObject root;
    try {
      JsonReader reader = new JsonReader(text);
      reader.setStrictness(Strictness.STRICT); // plain JSON: no NaN, comments or bare words
      JsonElement element = JsonParser.parseReader(reader);
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException(where + "expected a JSON object with W1, b1, W2, b2");
      }
      root = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(where + "not valid JSON: " + e.getMessage(), e);
    }
    try {
      double[][] w1 = matrix(root, "W1");
      int inputs = w1.length;
      int hidden = w1[0].length;
      double[] b1 = vector(root, "b1");
      double[][] w2 = matrix(root, "W2");
      double[] b2 = vector(root, "b2");
      requireLength("b1", b1.length, hidden, "W1's column count (hidden units)");
      requireLength("W2", w2.length, hidden, "W1's column count (hidden units)");
      if (w2[0].length != 1) {
        throw new IllegalArgumentException(
            "W2 has " + w2[0].length + " columns; the network has exactly one output column");
      }
      requireLength("b2", b2.length, 1, "W2's column count (one output)");
      double[] w1Flat = new double[inputs * hidden];
      for (int i = 0; i < inputs; i++) {
        System.arraycopy(w1[i], 0, w1Flat, i * hidden, hidden);
      }
      double[] w2Column = new double[hidden];
      for (int h = 0; h < hidden; h++) {
        w2Column[h] = w2[h][0];
      }
      return new TrainedGcn(inputs, hidden, w1Flat, b1, w2Column, b2[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  private static void requireLength(String key, int actual, int expected, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          key + " has " + actual + " entries but must have " + expected + ", " + what);
    }
  }

  /** A non-empty rectangular matrix of finite numbers. */
  private static double[][] matrix(JsonObject root, String key) {
    JsonArray rows = array(root.get(key), key);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(key + " is empty");
    }
    double[][] result = new double[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      String label = key + "[" + r + "]";
      JsonArray row = array(rows.get(r), label);
      if (row.isEmpty()) {
        throw new IllegalArgumentException(label + " is empty");
      }
      if (r > 0 && row.size() != result[0].length) {
        throw new IllegalArgumentException(label + " has " + row.size() + " values but "
            + key + "[0] has " + result[0].length + "; the matrix must be rectangular");
      }
      result[r] = numbers(row, label);
    }
    return result;
  }

  private static double[] vector(JsonObject root, String key) {
    JsonArray values = array(root.get(key), key);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(key + " is empty");
    }
    return numbers(values, key);
  }

  private static JsonArray array(JsonElement element, String label) {
    if (element == null) {
      throw new IllegalArgumentException(label + " is missing");
    }
    if (!element.isJsonArray()) {
      throw new IllegalArgumentException(label + " must be a JSON array");
    }
    return element.getAsJsonArray();
  }

  private static double[] numbers(JsonArray values, String label) {
    double[] result = new double[values.size()];
    for (int i = 0; i < values.size(); i++) {
      JsonElement value = values.get(i);
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
        throw new IllegalArgumentException(label + "[" + i + "] is not a number: " + value);
      }
      double number = value.getAsDouble();
      if (!Double.isFinite(number)) {
        throw new IllegalArgumentException(label + "[" + i + "] is not finite: " + value);
      }
      result[i] = number;
    }
    return result;
  }
}
