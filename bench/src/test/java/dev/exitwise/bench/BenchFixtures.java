package dev.exitwise.bench;

import dev.exitwise.bench.model.BenchRow;
import dev.exitwise.bench.model.ClassifierBench;
import dev.exitwise.model.eval.PairedBootstrap;
import java.util.List;
import java.util.Map;

/**
 * Bench results shaped like the committed model's (1.07 points below full depth on the whole test split, 0.50 on
 * the 1,280 timed rows), for the tests of what bench writes.
 */
final class BenchFixtures {
  static final String FPABEE = "fpabee(jsd,mean,0.0032,3)";

  private BenchFixtures() {}

  /** The whole-split check with the given 95 % interval of the drop (standard error 1.1 points). */
  static QualityCheck quality(double lower, double upper) {
    BenchRow full = new BenchRow("quality", "full", "full", "DJL", "emotions", 32, 5427, 100, 12, 0.5225, 1000, 2000,
        null, null, null, null, null);
    BenchRow point = new BenchRow("quality", FPABEE, "F-PABEE", "DJL", "emotions", 32, 5427, 280, 4.23, 0.5118, 350,
        700, 2.8, null, null, null, null);
    return new QualityCheck(full, point, new PairedBootstrap(1.07, lower, upper, 1.1, 2000));
  }

  static BenchRow timedFull() {
    return timed("full", "full", 12, 0.5200, 100, 1.0);
  }

  static BenchRow timedPoint() {
    return timed(FPABEE, "F-PABEE", 4.23, 0.5150, 280, 2.8);
  }

  /** A classifier run of the two timed rows, with the quality check or without it (null). */
  static BenchRun run(QualityCheck quality) {
    ClassifierBench.Result classifier =
        new ClassifierBench.Result(List.of(timedFull(), timedPoint()), FPABEE, "pabee(6)", "", 12, false, 60);
    return new BenchRun("bench classifier", "test-model", "cpu()", 2, Map.of(), null, null, 60, classifier, quality,
        null, null, null, List.of());
  }

  /**
   * A classifier run with both ONNX Runtime files: at batch 32 the point runs at 3.0x fp32 and 1.5x int8, at batch 8
   * at 1.1x int8, and full depth at batch 1 at 0.25x fp32.
   */
  static BenchRun runWithOrt() {
    List<BenchRow> rows = List.of(
        timedFull(), timedPoint(),
        timedAt(32, "ort-full", "ORT", 12, null, 280 / 3.0),
        timedAt(32, "ort-int8-full", "ORT-int8", 12, null, 280 / 1.5),
        timedAt(8, FPABEE, "F-PABEE", 4.23, 0.5150, 110),
        timedAt(8, "ort-int8-full", "ORT-int8", 12, null, 100),
        timedAt(1, "full", "full", 12, 0.5200, 25),
        timedAt(1, "ort-full", "ORT", 12, null, 100));
    ClassifierBench.Result classifier = new ClassifierBench.Result(ClassifierBench.ratios(rows), FPABEE, "pabee(6)",
        "", 12, true, 60);
    return new BenchRun("bench classifier", "test-model", "cpu()", 2, Map.of(), null, null, 60, classifier, null,
        null, null, null, List.of());
  }

  private static BenchRow timedAt(int batchSize, String policy, String family, double meanExit, Double macroF1,
      double eventsPerSecond) {
    String engine = family.startsWith("ORT") ? family : "DJL";
    return new BenchRow("classifier", policy, family, engine, "emotions", batchSize, 1280, eventsPerSecond, meanExit,
        macroF1, 1000, 2000, null, null, null, null, null);
  }

  private static BenchRow timed(String policy, String family, double meanExit, double macroF1,
      double eventsPerSecond, double vsFull) {
    return new BenchRow("classifier", policy, family, "DJL", "emotions", 32, 1280, eventsPerSecond, meanExit, macroF1,
        1000, 2000, vsFull, null, null, null, null);
  }
}
