package dev.exitwise.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.bench.BenchRow;
import dev.exitwise.model.bench.ClassifierBench;
import dev.exitwise.model.eval.PairedBootstrap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quality target is judged on the whole-split check when there is one, not on the timed rows. */
class BenchMarkdownTest {
  private static final String FPABEE = "fpabee(jsd,mean,0.0032,3)";

  @Test
  void theQualityTargetUsesTheWholeSplitWhenItWasMeasured() {
    // on the timed rows the calibrated point is 0.50 points below full depth; on the whole split 1.07
    String targets = BenchMarkdown.targetsSection(run(quality(-1.15, 3.28)));
    assertTrue(targets.contains("| macro-F1 within 1 point of full depth | 1.07 points below on all 5,427 test rows"
        + " (95 % interval of the drop: -1.15 to 3.28) (0.50 points below on the 1,280 rows timed above)"
        + " | no, by 0.07 points (1 point is inside the interval) |"), targets);
  }

  @Test
  void theQualityNoteSaysWhatTheIntervalCanTell() {
    BenchRun noisy = run(quality(-1.15, 3.28));
    assertTrue(BenchMarkdown.qualityNote(noisy.quality(), timedPoint(), timedFull())
        .contains("this split cannot tell the drop from 1 point, nor from no drop at all"));
    BenchRun certain = run(quality(0.4, 1.9));
    String note = BenchMarkdown.qualityNote(certain.quality(), timedPoint(), timedFull());
    assertTrue(note.contains("puts the drop between 0.40 and 1.90 points (95 %; standard error 1.10 points)"), note);
    assertTrue(note.contains("this split cannot tell the drop from 1 point."), note);
    assertTrue(note.contains("What would close it: exits around layer 4,"), note);
    assertTrue(note.contains("about 105,000 rows at this spread"), note); // 5,427 x (1.1 / 0.25)^2
    String clear = BenchMarkdown.qualityNote(run(quality(1.2, 2.0)).quality(), timedPoint(), timedFull());
    assertTrue(clear.contains("the drop is larger than 1 point beyond this split's noise"), clear);
  }

  @Test
  void withoutTheWholeSplitTheTimedRowsDecide() {
    String targets = BenchMarkdown.targetsSection(run(null));
    assertTrue(targets.contains("| macro-F1 within 1 point of full depth | 0.50 points below on the rows timed above"
        + " | yes |"), targets);
  }

  /** The committed model's whole-split numbers (1.07 points below) with the given 95 % interval of the drop. */
  private static QualityCheck quality(double lower, double upper) {
    BenchRow full = new BenchRow("quality", "full", "full", "DJL", "emotions", 32, 5427, 100, 12, 0.5225, 1000, 2000,
        null, null, null, null);
    BenchRow point = new BenchRow("quality", FPABEE, "F-PABEE", "DJL", "emotions", 32, 5427, 280, 4.23, 0.5118, 350,
        700, 2.8, null, null, null);
    return new QualityCheck(full, point, new PairedBootstrap(1.07, lower, upper, 1.1, 2000));
  }

  private static BenchRow timedFull() {
    return row("full", "full", 12, 0.5200, 100, 1.0);
  }

  private static BenchRow timedPoint() {
    return row(FPABEE, "F-PABEE", 4.23, 0.5150, 280, 2.8);
  }

  private static BenchRun run(QualityCheck quality) {
    ClassifierBench.Result classifier =
        new ClassifierBench.Result(List.of(timedFull(), timedPoint()), FPABEE, "pabee(6)", "", 12, false, 60);
    return new BenchRun("bench classifier", "test-model", "cpu()", 2, Map.of(), null, null, 60, classifier, quality,
        null, null, null, List.of());
  }

  private static BenchRow row(String policy, String family, double meanExit, double macroF1, double eventsPerSecond,
      double vsFull) {
    return new BenchRow("classifier", policy, family, "DJL", "emotions", 32, 1280, eventsPerSecond, meanExit, macroF1,
        1000, 2000, vsFull, null, null, null);
  }
}
