package dev.exitwise.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SparklineTest {
  @Test
  void heightIsRelativeToTheFullestBucketAndEmptyBucketsShow() {
    assertEquals("▁▄█·", Sparkline.of(new long[] {1, 4, 8, 0}, true));
    assertEquals(".=@_", Sparkline.of(new long[] {1, 4, 8, 0}, false));
    assertEquals("····", Sparkline.of(new long[4], true));
  }
}
