package dev.exitwise.streams.telemetry;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The repartition topic's format for {@link ExitSample}: a version byte, exit layer, layer count and latency, 17
 * bytes in all. Internal to the application, so it needs no registry.
 */
public final class ExitSampleSerde implements Serde<ExitSample> {
  private static final byte VERSION = 1;
  private static final int SIZE = 1 + 4 + 4 + 8;

  @Override
  public Serializer<ExitSample> serializer() {
    return (topic, sample) -> sample == null ? null : write(sample);
  }

  @Override
  public Deserializer<ExitSample> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(ExitSample sample) {
    return ByteBuffer.allocate(SIZE).put(VERSION).putInt(sample.exitLayer()).putInt(sample.layerCount())
        .putLong(sample.latencyMillis()).array();
  }

  static ExitSample read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = in.get();
      if (version != VERSION) {
        throw new SerializationException("unknown exit-sample format version " + version);
      }
      return new ExitSample(in.getInt(), in.getInt(), in.getLong());
    } catch (BufferUnderflowException e) {
      throw new SerializationException("an exit sample needs " + SIZE + " bytes, got " + bytes.length, e);
    }
  }
}
