package dev.exitwise.streams.telemetry;

import java.nio.BufferUnderflowException;
import dev.exitwise.streams.InternalSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The repartition topic's format for {@link ExitSample}: a version byte, exit layer, layer count, latency and (since
 * version 2) the policy. Internal to the application, so it needs no registry. Version 1 (no policy) is still read, so
 * that samples written before an upgrade are counted.
 */
public final class ExitSampleSerde extends InternalSerde<ExitSample> {
  private static final byte WITHOUT_POLICY = 1;
  private static final byte VERSION = 2;
  private static final int SIZE = 1 + 4 + 4 + 8;

  /** The serde; it holds no state. */
  public ExitSampleSerde() {
    super(ExitSampleSerde::write, ExitSampleSerde::read);
  }

  static byte[] write(ExitSample sample) {
    ByteBuffer out = ByteBuffer.allocate(SIZE + stringSize(sample.policy())).put(VERSION).putInt(sample.exitLayer())
        .putInt(sample.layerCount()).putLong(sample.latencyMillis());
    return putString(out, sample.policy()).array();
  }

  static ExitSample read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = requireVersion("exit-sample", in.get(), VERSION, WITHOUT_POLICY);
      return new ExitSample(in.getInt(), in.getInt(), in.getLong(), version == WITHOUT_POLICY ? null : getString(in));
    } catch (BufferUnderflowException e) {
      throw new SerializationException("an exit sample needs at least " + SIZE + " bytes, got " + bytes.length, e);
    }
  }
}
