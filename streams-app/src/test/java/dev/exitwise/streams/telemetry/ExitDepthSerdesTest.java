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
    ExitSample sample = new ExitSample(4, 12, 1_234);
    assertEquals(sample, ExitSampleSerde.read(ExitSampleSerde.write(sample)));
    assertThrows(SerializationException.class, () -> ExitSampleSerde.read(new byte[] {1, 0, 0}));
    assertThrows(SerializationException.class, () -> ExitSampleSerde.read(new byte[] {9}));
  }

  @Test
  void anAccumulatorRoundTripsToTheSameStatistics() {
    ExitDepthAccumulator accumulator = accumulator();
    ExitDepthAccumulator read = ExitDepthAccumulatorSerde.read(ExitDepthAccumulatorSerde.write(accumulator));
    assertEquals(stats(accumulator), stats(read));
    // still growing after the round trip: the histogram resizes for a latency beyond what it has seen
    read.add(new ExitSample(12, 12, 3_600_000));
    assertEquals(accumulator.count() + 1, read.count());
  }

  @Test
  void readsTheDeflatedVersionOneFormat() {
    ExitDepthAccumulator accumulator = accumulator();
    ExitDepthAccumulator read = ExitDepthAccumulatorSerde.read(versionOne(accumulator));
    assertEquals(stats(accumulator), stats(read));
    assertArrayEquals(accumulator.exitLayerCounts(), read.exitLayerCounts());
  }

  private static ExitDepthAccumulator accumulator() {
    ExitDepthAccumulator accumulator = new ExitDepthAccumulator();
    for (int i = 0; i < 100; i++) {
      accumulator.add(new ExitSample(1 + i % 5, 12, 40 + 3L * i));
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
