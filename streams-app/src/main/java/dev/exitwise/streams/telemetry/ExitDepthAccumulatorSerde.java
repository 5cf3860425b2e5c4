package dev.exitwise.streams.telemetry;

import dev.exitwise.streams.InternalSerde;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The window store's format for {@link ExitDepthAccumulator}: a version byte, count, exit-layer sum, the exit-layer
 * counts, then the latency histogram in HdrHistogram's encoding. Internal to the application.
 *
 * <p>Version 2 writes the histogram uncompressed: its encoding already packs the counts (variable-length, zero runs
 * collapsed), and the aggregation serializes and deserializes the window's accumulator once per event (the store's
 * cache holds bytes), where a fresh {@code Deflater} and {@code Inflater} each time cost about four times the CPU of
 * the plain encoding to save about a hundred bytes of a changelog record that is written once per commit. Version 3
 * adds the last event's policy before the histogram. Versions 1 (deflated) and 2 (no policy) are still read, so a
 * changelog written before restores.
 */
public final class ExitDepthAccumulatorSerde extends InternalSerde<ExitDepthAccumulator> {
  private static final byte DEFLATED = 1;
  private static final byte WITHOUT_POLICY = 2;
  private static final byte VERSION = 3;

  /** The serde; it holds no state. */
  public ExitDepthAccumulatorSerde() {
    super(ExitDepthAccumulatorSerde::write, ExitDepthAccumulatorSerde::read);
  }

  static byte[] write(ExitDepthAccumulator accumulator) {
    Histogram latency = accumulator.latencyMicros();
    ByteBuffer encoded = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int histogramBytes = latency.encodeIntoByteBuffer(encoded);
    long[] layers = accumulator.exitLayerCounts();
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 * layers.length
        + stringSize(accumulator.lastPolicy()) + histogramBytes);
    out.put(VERSION).putLong(accumulator.count()).putLong(accumulator.exitLayerSum()).putInt(layers.length);
    for (long layerCount : layers) {
      out.putLong(layerCount);
    }
    putString(out, accumulator.lastPolicy());
    out.put(encoded.array(), 0, histogramBytes);
    return out.array();
  }

  static ExitDepthAccumulator read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = requireVersion("exit-depth accumulator", in.get(), VERSION, WITHOUT_POLICY, DEFLATED);
    long count = in.getLong();
    long exitLayerSum = in.getLong();
    long[] layers = new long[in.getInt()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = in.getLong();
    }
    String lastPolicy = version == VERSION ? getString(in) : null;
    try {
      Histogram latency = version == DEFLATED
          ? Histogram.decodeFromCompressedByteBuffer(in, 0)
          : Histogram.decodeFromByteBuffer(in, 0);
      latency.setAutoResize(true);
      return new ExitDepthAccumulator(count, exitLayerSum, layers, latency, lastPolicy);
    } catch (DataFormatException e) {
      throw new SerializationException("cannot read the latency histogram of an exit-depth accumulator", e);
    }
  }
}
