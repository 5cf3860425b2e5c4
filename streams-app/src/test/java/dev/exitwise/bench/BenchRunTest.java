package dev.exitwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.bench.BenchRow;
import dev.exitwise.model.bench.ClassifierBench;
import dev.exitwise.model.eval.PairedBootstrap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --json}: every measured configuration, the whole-split quality check included. */
class BenchRunTest {
  private static final String FPABEE = "fpabee(jsd,mean,0.0032,3)";

  @Test
  void theJsonCarriesTheQualityCheckBesideTheClassifierRows(@TempDir Path folder) throws Exception {
    BenchRow timed = new BenchRow("classifier", "full", "full", "DJL", "emotions", 32, 1280, 100, 12, 0.52, 1000,
        2000, 1.0, null, null, null);
    BenchRow full = new BenchRow("quality", "full", "full", "DJL", "emotions", 32, 5427, 98, 12, 0.5225, 1100, 2100,
        null, null, null, null);
    BenchRow point = new BenchRow("quality", FPABEE, "F-PABEE", "DJL", "emotions", 32, 5427, 270, 4.23, 0.5118, 380,
        900, 2.76, null, null, null);
    ClassifierBench.Result classifier =
        new ClassifierBench.Result(List.of(timed), FPABEE, "pabee(6)", "", 12, false, 60);
    BenchRun run = new BenchRun("bench classifier", "test-model", "cpu()", 2, Map.of(), null, null, 60, classifier,
        new QualityCheck(full, point, new PairedBootstrap(1.07, -1.13, 3.28, 1.16, 2000)), null, null, null,
        List.of());

    Path json = folder.resolve("bench.json");
    run.writeJson(json);

    JsonNode rows = new ObjectMapper().readTree(json.toFile());
    assertEquals(3, rows.size(), rows.toString());
    assertEquals("classifier", rows.get(0).get("benchmark").asText());
    JsonNode quality = rows.get(2);
    assertEquals("quality", quality.get("benchmark").asText());
    assertEquals(FPABEE, quality.get("policy").asText());
    assertEquals(5427, quality.get("rows").asInt());
    assertEquals(0.5118, quality.get("macroF1").asDouble(), 1e-12);
    assertEquals(2.76, quality.get("speedupVsFullDepth").asDouble(), 1e-12);
    assertEquals(900, quality.get("p99Micros").asLong());
    assertEquals("full", rows.get(1).get("policy").asText());
  }
}
