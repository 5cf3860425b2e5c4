package dev.exitwise.bench;

import static dev.exitwise.bench.BenchFixtures.quality;
import static dev.exitwise.bench.BenchFixtures.timedFull;
import static dev.exitwise.bench.BenchFixtures.timedPoint;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the quality finding concludes from the whole-split drop and its interval. */
class BenchFindingsTest {

  @Test
  void anIntervalAcrossBothZeroAndOnePointSettlesNothing() {
    String note = BenchFindings.qualityNote(quality(-1.15, 3.28), timedPoint(), timedFull());
    assertTrue(note.contains("this split cannot tell the drop from 1 point, nor from no drop at all"), note);
    assertTrue(note.contains("On the 1,280 rows timed above the difference is -0.50 points"), note);
    assertTrue(note.contains("on test it lost more, within the noise above."), note);
  }

  @Test
  void aMissSaysWhatWouldCloseItAndHowManyRowsWouldSettleIt() {
    String note = BenchFindings.qualityNote(quality(0.4, 1.9), timedPoint(), timedFull());
    assertTrue(note.contains("puts the drop between 0.40 and 1.90 points (95 %; standard error 1.10 points)"), note);
    assertTrue(note.contains("this split cannot tell the drop from 1 point."), note);
    assertTrue(note.contains("What would close it: exits around layer 4,"), note);
    assertTrue(note.contains("about 105,000 rows at this spread"), note); // 5,427 x (1.1 / 0.25)^2
  }

  @Test
  void anIntervalWhollyAboveOnePointIsAClearMiss() {
    String note = BenchFindings.qualityNote(quality(1.2, 2.0), timedPoint(), timedFull());
    assertTrue(note.contains("the drop is larger than 1 point beyond this split's noise"), note);
    assertTrue(note.contains("on test it lost more. What would close it"), note);
    assertFalse(note.contains("cannot tell") || note.contains("within the noise"), note);
  }
}
