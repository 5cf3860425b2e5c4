package dev.exitwise.streams.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.exitwise.avro.ExitDepthStats;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ExitDepthSerdesTest {
  private static final long WINDOW_START_MILLIS = 1_000_000;
  private static final long WINDOW_END_MILLIS = 1_010_000;

  @Test
  void anExitSampleRoundTrips() {
    ExitSample sample = new ExitSample(4, 12, 1_234, "fpabee(jsd,mean,0.0032,3)");
    assertEquals(sample, ExitSampleSerde.read(ExitSampleSerde.write(sample)));
    ExitSample withoutPolicy = new ExitSample(4, 12, 1_234, null);
    assertEquals(withoutPolicy, ExitSampleSerde.read(ExitSampleSerde.write(withoutPolicy)));
    byte[] versionOne = ByteBuffer.allocate(17).put((byte) 1).putInt(4).putInt(12).putLong(1_234).array();
    assertEquals(withoutPolicy, ExitSampleSerde.read(versionOne), "samples written before the policy still read");
    assertThrows(SerializationException.class, () -> ExitSampleSerde.read(new byte[] {1, 0, 0}));
    assertThrows(SerializationException.class, () -> ExitSampleSerde.read(new byte[] {9}));
  }

  @Test
  void anAccumulatorRoundTripsToTheSameStatistics() {
    ExitDepthAccumulator accumulator = accumulator();
    ExitDepthAccumulator read = ExitDepthAccumulatorSerde.read(ExitDepthAccumulatorSerde.write(accumulator));
    assertEquals(stats(accumulator), stats(read));
    // still growing after the round trip: the histogram resizes for a latency beyond what it has seen
    read.add(new ExitSample(12, 12, 3_600_000, null));
    assertEquals(accumulator.count() + 1, read.count());
  }

  @Test
  void readsTheDeflatedVersionOneFormat() {
    ExitDepthAccumulator accumulator = accumulator();
    ExitDepthAccumulator read = ExitDepthAccumulatorSerde.read(versionOne(accumulator));
    assertEquals(null, stats(read).getPolicy(), "version 1 knew no policy");
    ExitDepthStats expected = stats(accumulator);
    expected.setPolicy(null);
    assertEquals(expected, stats(read));
    assertArrayEquals(accumulator.exitLayerCounts(), read.exitLayerCounts());
  }

  @Test
  void theStatisticsNameThePolicyOfTheWindowsLastEvent() {
    ExitDepthAccumulator accumulator = accumulator();
    assertEquals("static(2)", stats(accumulator).getPolicy().toString());
    accumulator.add(new ExitSample(12, 12, 50, "full"));
    accumulator.add(new ExitSample(12, 12, 50, null)); // from telemetry written before the field
    assertEquals("full", stats(ExitDepthAccumulatorSerde.read(ExitDepthAccumulatorSerde.write(accumulator)))
        .getPolicy().toString());
  }

  private static ExitDepthAccumulator accumulator() {
    ExitDepthAccumulator accumulator = new ExitDepthAccumulator();
    for (int i = 0; i < 100; i++) {
      accumulator.add(new ExitSample(1 + i % 5, 12, 40 + 3L * i, i < 50 ? "full" : "static(2)"));
    }
    return accumulator;
  }

  private static ExitDepthStats stats(ExitDepthAccumulator accumulator) {
    return accumulator.toStats("emotions", WINDOW_START_MILLIS, WINDOW_END_MILLIS);
  }

  /** The format written before version 2: the same fields, the histogram deflated. */
  private static byte[] versionOne(ExitDepthAccumulator accumulator) {
    Histogram latency = accumulator.latencyMicros();
    ByteBuffer compressed = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int histogramBytes = latency.encodeIntoCompressedByteBuffer(compressed, Deflater.BEST_SPEED);
    long[] layers = accumulator.exitLayerCounts();
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 * layers.length + histogramBytes);
    out.put((byte) 1).putLong(accumulator.count()).putLong(accumulator.exitLayerSum()).putInt(layers.length);
    for (long layerCount : layers) {
      out.putLong(layerCount);
    }
    out.put(compressed.array(), 0, histogramBytes);
    return out.array();
  }
}
