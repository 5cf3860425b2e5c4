package dev.exitwise.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakPartsTest {
  private static final String SCRAPE = """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3.0E7
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E6
      exitwise_dead_letters_total{reason="empty-text",tenant="emotions"} 2.0
      exitwise_dead_letters_total{reason="unknown-tenant",tenant="unknown"} 1.0
      exitwise_dead_letters_lost_total 7.0
      exitwise_process_resident_memory_bytes 9.0E8
      """;

  @Test
  void sumsTheSamplesOfOneMetricAndNoOther() {
    assertEquals(4.0e7, PrometheusText.sum(SCRAPE, "jvm_memory_used_bytes", "area=\"heap\""));
    assertEquals(5.0e6, PrometheusText.sum(SCRAPE, "jvm_memory_used_bytes", "area=\"nonheap\""));
    assertEquals(3.0, PrometheusText.sum(SCRAPE, "exitwise_dead_letters_total", ""), "not the _lost_ counter");
    assertEquals(9.0e8, PrometheusText.sum(SCRAPE, "exitwise_process_resident_memory_bytes", ""));
    assertTrue(Double.isNaN(PrometheusText.sum(SCRAPE, "exitwise_events_classified_total", "")));
  }

  @Test
  void flatRunsPassAndGrowingOnesDoNot() {
    List<SoakSample> flat = new ArrayList<>();
    List<SoakSample> leaking = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // warm-up in the first quarter does not count
      double rss = i < 10 ? 500e6 + i * 20e6 : 700e6 + (i % 3) * 1e6;
      flat.add(new SoakSample(i * 10, i * 400, 30 + i % 5, rss, 1e8, 5e7, i * 400, 0, 4e8));
      leaking.add(new SoakSample(i * 10, i * 400, 30 + i * 50, 700e6 + i * 10e6, 1e8, 5e7, i * 400, 0, 4e8));
    }
    SoakVerdict good = SoakVerdict.of(flat, 40);
    assertTrue(good.rssFlat() && good.lagFlat(), good.describe());
    assertEquals(400, good.lagLimit());
    SoakVerdict bad = SoakVerdict.of(leaking, 40);
    assertFalse(bad.rssFlat(), bad.describe());
    assertFalse(bad.lagFlat(), bad.describe());
  }

  @Test
  void aCsvLineReadsBackAsTheSampleItWasWrittenFrom() {
    SoakSample sample = new SoakSample(12.5, 1400, 33, 1650.5 * (1 << 20), 300.5 * (1 << 20), 74.5 * (1 << 20),
        1367, 2, 512.5 * (1 << 20));
    assertEquals(sample, SoakSample.parse(sample.csv()));
    IllegalArgumentException wrong =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SoakSample.parse("1,2"));
    assertTrue(wrong.getMessage().contains("found 2"), wrong.getMessage());
  }

  @Test
  void aLineOfARunWithoutTheCommittedHeapReadsWithItUnknown() {
    SoakSample old = SoakSample.parse("12.5,1400,33,1650.5,300.5,74.5,1367,2");
    assertEquals(1650.5 * (1 << 20), old.residentBytes());
    assertTrue(Double.isNaN(old.heapCommittedBytes()));
    assertTrue(Double.isNaN(old.outsideHeapBytes()));
  }

  @Test
  void aHeapThatGrowsIsToldApartFromNativeMemoryThatGrows() {
    List<SoakSample> heapGrows = new ArrayList<>();
    List<SoakSample> nativeGrows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double committed = 300e6 + i * 10e6;
      heapGrows.add(new SoakSample(i * 10, i * 400, 30, 500e6 + committed, 1e8, 5e7, i * 400, 0, committed));
      nativeGrows.add(new SoakSample(i * 10, i * 400, 30, 800e6 + i * 10e6, 1e8, 5e7, i * 400, 0, 300e6));
    }
    SoakVerdict heap = SoakVerdict.of(heapGrows, 40);
    assertFalse(heap.rssFlat(), heap.describe());
    assertEquals(0.0, heap.outsideHeapGrowth(), 1e-12, heap.describe());
    assertTrue(heap.describe().contains("Outside the committed heap +0.0 %"), heap.describe());
    SoakVerdict nativeMemory = SoakVerdict.of(nativeGrows, 40);
    assertTrue(nativeMemory.outsideHeapGrowth() > 0.2, nativeMemory.describe());
    assertTrue(Double.isNaN(SoakVerdict.of(heapGrows.stream().map(sample -> new SoakSample(sample.elapsedSeconds(),
        sample.sent(), sample.lag(), sample.residentBytes(), sample.heapBytes(), sample.nonHeapBytes(),
        sample.classified(), sample.deadLetters(), Double.NaN)).toList(), 40).outsideHeapGrowth()));
  }

  @Test
  void samplesThatCouldNotBeReadAreLeftOutOfTheVerdictAndCounted() {
    List<SoakSample> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean missed = i % 7 == 3;
      samples.add(new SoakSample(i * 10, i * 400, missed ? SoakSample.UNKNOWN_LAG : 30, missed ? Double.NaN : 700e6,
          missed ? Double.NaN : 1e8, missed ? Double.NaN : 5e7, missed ? Double.NaN : i * 400, missed ? Double.NaN : 2,
          Double.NaN));
    }
    SoakVerdict verdict = SoakVerdict.of(samples, 40);
    assertTrue(verdict.rssFlat() && verdict.lagFlat(), verdict.describe());
    assertEquals(0.0, verdict.rssGrowth(), 1e-12);
    assertEquals(30, verdict.maxLateLag());
    assertEquals(0.0, verdict.deadLetters());
    assertEquals(6, verdict.unknownSamples());
    assertEquals(samples.get(3), SoakSample.parse(samples.get(3).csv()));
  }
}
