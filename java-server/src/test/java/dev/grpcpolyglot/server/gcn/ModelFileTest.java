package dev.grpcpolyglot.server.gcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Model file validation: shapes, finite values, one output column, readable JSON. */
class ModelFileTest {
  @Test
  void readsShapesAndIgnoresExtraKeys() {
    TrainedGcn network = ModelFile.parse("{\"W1\": [[1, 2, 3], [4, 5, 6]], \"b1\": [0, 0, 0],"
        + " \"W2\": [[1], [2], [3]], \"b2\": [0.5], \"trained\": {\"note\": \"ignored\"}}", "m");

    assertEquals(2, network.inputWidth());
    assertEquals(3, network.hiddenWidth());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "{\"b1\": [0], \"W2\": [[1]], \"b2\": [0]}                          | W1 is missing",
      "{\"W1\": [], \"b1\": [0], \"W2\": [[1]], \"b2\": [0]}              | W1 is empty",
      "{\"W1\": [[1, 2], [3]], \"b1\": [0, 0], \"W2\": [[1], [1]], \"b2\": [0]} | W1[1] has 1 values but W1[0] has 2",
      "{\"W1\": [[1, 2]], \"b1\": [0], \"W2\": [[1], [1]], \"b2\": [0]}   | b1 has 1 entries but must have 2",
      "{\"W1\": [[1, 2]], \"b1\": [0, 0], \"W2\": [[1]], \"b2\": [0]}     | W2 has 1 entries but must have 2",
      "{\"W1\": [[1]], \"b1\": [0], \"W2\": [[1, 2]], \"b2\": [0]}         | W2 has 2 columns; the network has exactly one output column",
      "{\"W1\": [[1]], \"b1\": [0], \"W2\": [[1]], \"b2\": [0, 1]}         | b2 has 2 entries but must have 1",
      "{\"W1\": [[1]], \"b1\": [0], \"W2\": [[1]], \"b2\": 0}              | b2 must be a JSON array",
      "{\"W1\": [[\"NaN\"]], \"b1\": [0], \"W2\": [[1]], \"b2\": [0]}     | W1[0][0] is not a number",
      "{\"W1\": [[1e999]], \"b1\": [0], \"W2\": [[1]], \"b2\": [0]}        | W1[0][0] is not finite",
      "{\"W1\": [[NaN]], \"b1\": [0], \"W2\": [[1]], \"b2\": [0]}          | not valid JSON",
      "[1, 2, 3]                                                          | expected a JSON object",
  })
  void refusesBadModels(String json, String expectedMessage) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelFile.parse(json, "bad.json"));

    assertTrue(e.getMessage().startsWith("--gcn-model bad.json: "), e.getMessage());
    assertTrue(e.getMessage().contains(expectedMessage.strip()), e.getMessage());
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelFile.load(missing));
    assertEquals("--gcn-model " + missing + ": no such file", e.getMessage());
  }

  @Test
  void loadsFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.json");
    Files.writeString(file, "{\"W1\": [[1]], \"b1\": [0], \"W2\": [[1]], \"b2\": [0]}");

    assertEquals(1, ModelFile.load(file).inputWidth());
  }
}
