package dev.exitwise.bench;

import static dev.exitwise.bench.BenchFixtures.quality;
import static dev.exitwise.bench.BenchFixtures.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The quality target is judged on the whole-split check when there is one, not on the timed rows. */
class BenchMarkdownTest {

  @Test
  void theQualityTargetUsesTheWholeSplitWhenItWasMeasured() {
    String targets = BenchMarkdown.targetsSection(run(quality(-1.15, 3.28)));
    assertTrue(targets.contains("| macro-F1 within 1 point of full depth | 1.07 points below on all 5,427 test rows"
        + " (95 % interval of the drop: -1.15 to 3.28) (0.50 points below on the 1,280 rows timed above)"
        + " | no, by 0.07 points (1 point is inside the interval) |"), targets);
  }

  @Test
  void withoutTheWholeSplitTheTimedRowsDecide() {
    String targets = BenchMarkdown.targetsSection(run(null));
    assertTrue(targets.contains("| macro-F1 within 1 point of full depth | 0.50 points below on the rows timed above"
        + " | yes |"), targets);
  }
}
