package dev.exitwise.streams.telemetry;

import java.nio.BufferUnderflowException;
import dev.exitwise.streams.InternalSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The repartition topic's format for {@link ExitSample}: a version byte, exit layer, layer count and latency, 17
 * bytes in all. Internal to the application, so it needs no registry.
 */
public final class ExitSampleSerde extends InternalSerde<ExitSample> {
  private static final byte VERSION = 1;
  private static final int SIZE = 1 + 4 + 4 + 8;

  /** The serde; it holds no state. */
  public ExitSampleSerde() {
    super(ExitSampleSerde::write, ExitSampleSerde::read);
  }

  static byte[] write(ExitSample sample) {
    return ByteBuffer.allocate(SIZE).put(VERSION).putInt(sample.exitLayer()).putInt(sample.layerCount())
        .putLong(sample.latencyMillis()).array();
  }

  static ExitSample read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      requireVersion("exit-sample", in.get(), VERSION);
      return new ExitSample(in.getInt(), in.getInt(), in.getLong());
    } catch (BufferUnderflowException e) {
      throw new SerializationException("an exit sample needs " + SIZE + " bytes, got " + bytes.length, e);
    }
  }
}
