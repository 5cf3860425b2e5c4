package dev.exitwise.streams.telemetry;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The window store's format for {@link ExitDepthAccumulator}: a version byte, count, exit-layer sum, the exit-layer
 * counts, then the latency histogram in HdrHistogram's encoding. Internal to the application.
 *
 * <p>Version 2 writes the histogram uncompressed: its encoding already packs the counts (variable-length, zero runs
 * collapsed), and the aggregation serializes and deserializes the window's accumulator once per event (the store's
 * cache holds bytes), where a fresh {@code Deflater} and {@code Inflater} each time cost about four times the CPU of
 * the plain encoding to save about a hundred bytes of a changelog record that is written once per commit. Version 1
 * (deflated) is still read, so a changelog written before restores.
 */
public final class ExitDepthAccumulatorSerde implements Serde<ExitDepthAccumulator> {
  private static final byte DEFLATED = 1;
  private static final byte VERSION = 2;

  @Override
  public Serializer<ExitDepthAccumulator> serializer() {
    return (topic, accumulator) -> accumulator == null ? null : write(accumulator);
  }

  @Override
  public Deserializer<ExitDepthAccumulator> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(ExitDepthAccumulator accumulator) {
    Histogram latency = accumulator.latencyMicros();
    ByteBuffer encoded = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int histogramBytes = latency.encodeIntoByteBuffer(encoded);
    long[] layers = accumulator.exitLayerCounts();
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 * layers.length + histogramBytes);
    out.put(VERSION).putLong(accumulator.count()).putLong(accumulator.exitLayerSum()).putInt(layers.length);
    for (long layerCount : layers) {
      out.putLong(layerCount);
    }
    out.put(encoded.array(), 0, histogramBytes);
    return out.array();
  }

  static ExitDepthAccumulator read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != VERSION && version != DEFLATED) {
      throw new SerializationException("unknown exit-depth accumulator format version " + version);
    }
    long count = in.getLong();
    long exitLayerSum = in.getLong();
    long[] layers = new long[in.getInt()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = in.getLong();
    }
    try {
      Histogram latency = version == DEFLATED
          ? Histogram.decodeFromCompressedByteBuffer(in, 0)
          : Histogram.decodeFromByteBuffer(in, 0);
      latency.setAutoResize(true);
      return new ExitDepthAccumulator(count, exitLayerSum, layers, latency);
    } catch (DataFormatException e) {
      throw new SerializationException("cannot read the latency histogram of an exit-depth accumulator", e);
    }
  }
}
