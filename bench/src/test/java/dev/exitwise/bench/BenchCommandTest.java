package dev.exitwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.cli.Exitwise;
import dev.exitwise.cli.Wiring;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.testing.TinyModels;
import dev.exitwise.streams.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exitwise bench classifier --quick} on the tiny random-weight test model: the JSON has every key and the
 * ratios against full depth are computed. Not a timing test: the tiny model's numbers mean nothing. One intra-op
 * thread: with two, the tiny model's many small operators wait on each other at every barrier on a busy machine.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BenchCommandTest {
  private static final List<String> KEYS =
      List.of("policy", "batchSize", "eventsPerSecond", "meanExitLayer", "p50Micros", "p99Micros");

  @TempDir
  Path folder;

  private final Wiring wiring =
      new Wiring((modelDir, device) -> TestModels.classifier().get(), Wiring.production().serdes());
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void quickClassifierRunWritesEveryKeyAndTheRatios() throws Exception {
    Path json = folder.resolve("bench.json");
    assertEquals(0, execute("bench", "classifier", "--quick", "--threads", "1", "--batch-sizes", "8,32", "--json",
        json.toString()), err.toString());

    JsonNode rows = new ObjectMapper().readTree(json.toFile());
    assertTrue(rows.isArray() && rows.size() > 0, rows.toString());
    List<JsonNode> classifier = new ArrayList<>();
    rows.forEach(row -> {
      for (String key : KEYS) {
        assertTrue(row.hasNonNull(key), key + " missing in " + row);
      }
      assertTrue(row.has("macroF1"), "macroF1 in " + row);
      if (row.get("benchmark").asText().equals("classifier")) {
        classifier.add(row);
      }
    });
    for (int batchSize : new int[] {8, 32}) {
      JsonNode full = find(classifier, "full", batchSize, "emotions");
      assertEquals(1.0, full.get("speedupVsFullDepth").asDouble(), 1e-9);
      JsonNode early = find(classifier, "static(3)", batchSize, "emotions");
      assertEquals(early.get("eventsPerSecond").asDouble() / full.get("eventsPerSecond").asDouble(),
          early.get("speedupVsFullDepth").asDouble(), 1e-9);
      assertEquals(3.0, early.get("meanExitLayer").asDouble(), 1e-9);
    }
    assertFalse(classifier.stream().anyMatch(row -> row.get("engine").asText().equals("ORT")),
        "the tiny model's backbone is not BGE-small, so ONNX Runtime is left out");
    for (String workload : List.of("mixed", "grouped")) {
      JsonNode mixed = find(classifier, "configured", 32, workload);
      assertTrue(mixed.get("macroF1ByTenant").has("moderation"), mixed.toString());
      assertTrue(mixed.hasNonNull("speedupVsFullDepth"), mixed.toString());
    }
    assertTrue(out.toString().contains("## Targets"), out.toString());
  }

  @Test
  @Tag("integration")
  void quickAllWritesTheTablesAndTheCharts() throws Exception {
    Path docs = folder.resolve("docs");
    assertEquals(0, execute("bench", "all", "--quick", "--threads", "1", "--batch-sizes", "8,32", "--docs",
        docs.toString()), err.toString());

    String results = Files.readString(docs.resolve("bench-results.md"));
    for (String heading : List.of("## Run", "## Targets", "## Classifier", "## Where the time goes", "## Compaction",
        "## Pipeline", "## Charts")) {
      assertTrue(results.contains("\n" + heading), heading + " in\n" + results);
    }
    assertTrue(results.contains("| warm-up events, seconds |"), results);
    assertTrue(Files.size(docs.resolve("img").resolve("bench-events-per-second-vs-exit-layer.png")) > 0);
    assertTrue(Files.size(docs.resolve("img").resolve("bench-macro-f1-vs-events-per-second.png")) > 0);
  }

  @Test
  void precisionComparesInt8WithFp32OnEveryTenantWithIntervals() {
    // a real model directory over a tiny random backbone: bench precision loads it itself, once per precision
    Path backbone = folder.resolve("backbone");
    Path model = folder.resolve("model");
    TinyModels.writeBackboneDirectory(backbone, 5);
    TinyModels.publish(model, backbone, 5, Map.of("emotions", Datasets.labels("emotions")));

    assertEquals(0, execute("bench", "precision", "--quick", "--threads", "1", "--model-dir", model.toString()),
        err.toString());

    String table = out.toString();
    Matcher row = Pattern.compile("\\| emotions \\| full \\| 64 \\| ([0-9.]+) \\| ([0-9.]+) \\| "
        + "(-?[0-9.]+) \\((-?[0-9.]+) to (-?[0-9.]+)\\)").matcher(table);
    assertTrue(row.find(), table);
    double drop = Double.parseDouble(row.group(3));
    assertEquals(Double.parseDouble(row.group(1)) - Double.parseDouble(row.group(2)), drop, 0.011, table);
    assertTrue(Double.parseDouble(row.group(4)) <= drop && drop <= Double.parseDouble(row.group(5)), table);
    assertTrue(table.lines().filter(line -> line.startsWith("| emotions |")).count() == 2,
        "full depth and the calibrated policy: " + table);
  }

  @Test
  void layersProfilesEveryPartOfALayerWithItsOperators() {
    assertEquals(0, execute("bench", "layers", "--quick", "--threads", "1", "--batch-sizes", "2"), err.toString());

    String table = out.toString();
    assertTrue(table.contains("### Batch 2 (1 intra-op threads, 2 passes"), table);
    for (String part : List.of("soft prompts", "frozen encoder layer", "exit head", "read the logits back")) {
      assertTrue(table.contains("| " + part), part + " in\n" + table);
    }
    Matcher encoder = Pattern.compile("\\| frozen encoder layer \\(packed\\) \\| [0-9.]+ \\| [0-9.]+ % \\| [0-9.]+ "
        + "\\| ([0-9.]+) \\|").matcher(table);
    assertTrue(encoder.find(), table);
    assertTrue(Double.parseDouble(encoder.group(1)) >= 10, "a BERT layer dispatches at least 10 operators: " + table);
    assertFalse(table.contains("ONNX Runtime"), "the tiny model's backbone is not BGE-small: " + table);
  }

  @Test
  void randomTimesBgeSmallsShapeAtFullDepthAndKnownExits() {
    assertEquals(0, execute("bench", "random", "--threads", "1", "--batch-sizes", "2", "--rows", "4"),
        err.toString());

    String table = out.toString();
    assertTrue(table.contains("PyTorch 2.7.1 (bundled natives)"), table);
    for (String configuration : List.of("full", "static(3,6,9,12) by row", "static(3)", "static(6)", "static(9)")) {
      assertTrue(table.contains("| 2 | " + configuration + " |"), configuration + " in\n" + table);
    }
    assertTrue(table.contains("| 2 | full | ") && table.contains(" | 12.00 | "), table);
    assertEquals(Exitwise.USAGE_ERROR, execute("bench", "random", "--model-dir", folder.toString()));
  }

  @Test
  void parityPassesOnTheSameEngineAndFailsOnADifferentLogit() throws Exception {
    Path reference = folder.resolve("parity.json");
    assertEquals(0, execute("bench", "parity", "--threads", "1", "--write", reference.toString()), err.toString());
    assertEquals(0, execute("bench", "parity", "--threads", "1", "--against", reference.toString()), err.toString());
    assertTrue(out.toString().contains("max |difference| 0.00, max scaled 0.00 (full), tolerance 0.001: PASS"),
        out.toString());

    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode written =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(reference.toFile());
    com.fasterxml.jackson.databind.node.ArrayNode row =
        (com.fasterxml.jackson.databind.node.ArrayNode) written.get("logits").get("static(6)").get(5);
    row.set(0, row.get(0).floatValue() + 0.5f);
    json.writeValue(reference.toFile(), written);
    assertEquals(1, execute("bench", "parity", "--threads", "1", "--against", reference.toString()), err.toString());
    assertTrue(out.toString().contains("(static(6)), tolerance 0.001: FAIL"), out.toString());

    assertEquals(Exitwise.USAGE_ERROR, execute("bench", "parity"));
  }

  @Test
  void benchWithoutASubcommandIsAUsageError() {
    assertEquals(Exitwise.USAGE_ERROR, execute("bench"));
    assertTrue(err.toString().contains("Missing subcommand"), err.toString());
  }

  @Test
  void theServiceCommandLineFindsBenchThroughItsPlugin() {
    assertTrue(Exitwise.commandLine(wiring).getSubcommands().containsKey("bench"));
  }

  @Test
  void benchHelpDescribesEverySubcommandAndTheSubcommandsKeepTheirOwn() {
    assertEquals(0, execute("bench", "--help"));
    String help = out.toString();
    String description = help.substring(0, help.indexOf("Commands:"));
    assertTrue(description.contains("Benchmarks, one process"), help);
    for (String subcommand : Exitwise.commandLine(wiring).getSubcommands().get("bench").getSubcommands().keySet()) {
      assertTrue(description.contains("\n  " + subcommand + " "), subcommand + " described in\n" + help);
    }
    out.getBuffer().setLength(0);
    assertEquals(0, execute("bench", "precision", "--help"));
    assertTrue(out.toString().contains("Loads the model twice") && !out.toString().contains("Benchmarks, one process"),
        out.toString());
  }

  /** Runs the exitwise command line as the bench jar has it, capturing what it prints. */
  private int execute(String... args) {
    var commandLine = Exitwise.commandLine(wiring);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static JsonNode find(List<JsonNode> rows, String policy, int batchSize, String workload) {
    return rows.stream()
        .filter(row -> row.get("policy").asText().equals(policy) && row.get("batchSize").asInt() == batchSize
            && row.get("workload").asText().equals(workload))
        .findFirst().orElseThrow(() -> new AssertionError(policy + " at batch " + batchSize + " (" + workload
            + ") missing"));
  }
}
