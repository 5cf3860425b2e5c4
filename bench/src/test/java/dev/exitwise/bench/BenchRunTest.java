package dev.exitwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --json}: every measured configuration, the whole-split quality check included. */
class BenchRunTest {
  @Test
  void theJsonCarriesTheQualityCheckAfterTheClassifierRows(@TempDir Path folder) throws Exception {
    BenchRun run = BenchFixtures.run(BenchFixtures.quality(-1.13, 3.28));

    Path json = folder.resolve("bench.json");
    run.writeJson(json);

    JsonNode rows = new ObjectMapper().readTree(json.toFile());
    assertEquals(4, rows.size(), rows.toString());
    assertEquals("classifier", rows.get(1).get("benchmark").asText());
    assertEquals("quality", rows.get(2).get("benchmark").asText());
    assertEquals("full", rows.get(2).get("policy").asText());
    JsonNode quality = rows.get(3);
    assertEquals("quality", quality.get("benchmark").asText());
    assertEquals(BenchFixtures.FPABEE, quality.get("policy").asText());
    assertEquals(5427, quality.get("rows").asInt());
    assertEquals(0.5118, quality.get("macroF1").asDouble(), 1e-12);
    assertEquals(2.8, quality.get("speedupVsFullDepth").asDouble(), 1e-12);
    assertEquals(700, quality.get("p99Micros").asLong());
  }
}
