package dev.exitwise.streams.telemetry;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The window store's format for {@link ExitDepthAccumulator}: a version byte, count, exit-layer sum, the exit-layer
 * counts, then the latency histogram in HdrHistogram's compressed encoding. Internal to the application.
 */
public final class ExitDepthAccumulatorSerde implements Serde<ExitDepthAccumulator> {
  private static final byte VERSION = 1;

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
    ByteBuffer compressed = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int histogramBytes = latency.encodeIntoCompressedByteBuffer(compressed, Deflater.BEST_SPEED);
    long[] layers = accumulator.exitLayerCounts();
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 * layers.length + histogramBytes);
    out.put(VERSION).putLong(accumulator.count()).putLong(accumulator.exitLayerSum()).putInt(layers.length);
    for (long layerCount : layers) {
      out.putLong(layerCount);
    }
    out.put(compressed.array(), 0, histogramBytes);
    return out.array();
  }

  static ExitDepthAccumulator read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != VERSION) {
      throw new SerializationException("unknown exit-depth accumulator format version " + version);
    }
    long count = in.getLong();
    long exitLayerSum = in.getLong();
    long[] layers = new long[in.getInt()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = in.getLong();
    }
    try {
      Histogram latency = Histogram.decodeFromCompressedByteBuffer(in, 0);
      latency.setAutoResize(true);
      return new ExitDepthAccumulator(count, exitLayerSum, layers, latency);
    } catch (DataFormatException e) {
      throw new SerializationException("cannot read the latency histogram of an exit-depth accumulator", e);
    }
  }
}
