package dev.exitwise.bench;

import static dev.exitwise.bench.BenchFixtures.quality;
import static dev.exitwise.bench.BenchFixtures.run;
import static dev.exitwise.bench.BenchFixtures.runWithOrt;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.bench.model.ClassifierBench;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The targets table: each bound comes from {@link BenchTarget}, and the quality target is judged on the whole-split
 * check when there is one, not on the timed rows.
 */
class BenchTablesTest {

  @Test
  void theQualityTargetUsesTheWholeSplitWhenItWasMeasured() {
    String targets = BenchTables.targetsTable(run(quality(-1.15, 3.28)));
    assertTrue(targets.contains("| macro-F1 drop of F-PABEE (calibrated) from full depth, all 5,427 test rows"
        + " | <= 1.00 points | 1.07 points (95 % interval -1.15 to 3.28) | no (bound inside the interval) |"),
        targets);
    assertTrue(targets.contains("| macro-F1 drop of F-PABEE (calibrated) from full depth, the 1,280 timed rows"
        + " | <= 1.00 points | 0.50 points | see above |"), targets);
  }

  @Test
  void withoutTheWholeSplitTheTimedRowsDecide() {
    String targets = BenchTables.targetsTable(run(null));
    assertTrue(targets.contains("| macro-F1 drop of F-PABEE (calibrated) from full depth, the 1,280 timed rows"
        + " | <= 1.00 points | 0.50 points | yes |"), targets);
    assertFalse(targets.contains("all 5,427 test rows"), targets);
  }

  @Test
  void theSpeedupTargetPrintsItsBoundAndVerdict() {
    String targets = BenchTables.targetsTable(run(null));
    assertTrue(targets.contains("| F-PABEE (calibrated) events/s over full depth, batch 32 | >= 2.00x | 2.80x | yes |"),
        targets);
    assertTrue(targets.contains("| F-PABEE (calibrated) events/s over ONNX Runtime fp32 full depth, batch 32 | >= 2.00x"
        + " | not measured | - |"), targets);
  }

  @Test
  void theInt8TargetsComeFromTheInt8RatiosAtTheirBatchSizes() {
    String targets = BenchTables.targetsTable(runWithOrt());
    assertTrue(targets.contains("| F-PABEE (calibrated) events/s over ONNX Runtime fp32 full depth, batch 32 | >= 2.00x"
        + " | 3.00x | yes |"), targets);
    assertTrue(targets.contains("| F-PABEE (calibrated) events/s over ONNX Runtime int8 full depth, batch 32 | >= 2.00x"
        + " | 1.50x | no |"), targets);
    assertTrue(targets.contains("| F-PABEE (calibrated) events/s over ONNX Runtime int8 full depth, batch 8 | >= 1.00x"
        + " | 1.10x | yes |"), targets);
    // full depth at batch 1 runs at 0.25x ORT fp32's events/s: 4 times its time per event
    assertTrue(targets.contains("| full depth's time per event over ONNX Runtime fp32's, batch 1 | <= 1.50x"
        + " | 4.00x | no |"), targets);
  }

  @Test
  void theSmallBatchTargetsNeedNoBatch32() {
    ClassifierBench.Result all = runWithOrt().classifier();
    ClassifierBench.Result small = new ClassifierBench.Result(
        all.rows().stream().filter(r -> r.batchSize() != 32).toList(), all.fpabeePolicy(), all.pabeePolicy(), "",
        12, true, 60);
    String targets = BenchTables.targetsTable(new BenchRun("bench classifier --batch-sizes 1,8", "test-model",
        "cpu()", 2, Map.of(), null, null, 60, small, null, null, null, null, List.of()));
    assertTrue(targets.contains("| F-PABEE (calibrated) events/s over ONNX Runtime int8 full depth, batch 8 |"),
        targets);
    assertTrue(targets.contains("| full depth's time per event over ONNX Runtime fp32's, batch 1 |"), targets);
    assertFalse(targets.contains("batch 32"), targets);
  }

  @Test
  void theClassifierTableHasAColumnPerOnnxRuntimeFile() {
    String tables = BenchTables.render(runWithOrt(), null);
    assertTrue(tables.contains("| vs full | vs ORT fp32 | vs ORT int8 | macro-F1 |"), tables);
    assertTrue(tables.contains("| 8 | " + BenchFixtures.FPABEE + " |"), tables);
  }

  @Test
  void theTablesHoldNumbersNotProse() {
    String all = BenchTables.render(run(quality(-1.15, 3.28)), null);
    for (String line : all.split("\n")) {
      assertTrue(line.isEmpty() || line.startsWith("#") || line.startsWith("|"), "not a heading or a table: " + line);
    }
  }
}
