package dev.exitwise.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for a format internal to the application (a state store and its changelog, a repartition topic): no
 * registry, a version byte first, and {@code null} stays {@code null} both ways. A subclass names its format's
 * {@code write} and {@code read}.
 *
 * @param <T> the value type
 */
public abstract class InternalSerde<T> implements Serde<T> {
  private final Function<T, byte[]> write;
  private final Function<byte[], T> read;

  /**
   * @param write the bytes of a value, version byte first
   * @param read the value of such bytes; throws a {@link SerializationException} for bytes it cannot read
   */
  protected InternalSerde(Function<T, byte[]> write, Function<byte[], T> read) {
    this.write = write;
    this.read = read;
  }

  @Override
  public final Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : write.apply(value);
  }

  @Override
  public final Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read.apply(bytes);
  }

  /** The bytes {@link #putString} writes for {@code text}. */
  public static int stringSize(String text) {
    return 4 + (text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length);
  }

  /** Writes a nullable string: its UTF-8 length (-1 for null), then its bytes. */
  public static ByteBuffer putString(ByteBuffer out, String text) {
    if (text == null) {
      return out.putInt(-1);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return out.putInt(bytes.length).put(bytes);
  }

  /**
   * Reads what {@link #putString} wrote.
   *
   * @throws SerializationException if the length is not one the buffer holds
   */
  public static String getString(ByteBuffer in) {
    int length = in.getInt();
    if (length < -1 || length > in.remaining()) {
      throw new SerializationException("a string of " + length + " bytes, " + in.remaining() + " left");
    }
    if (length == -1) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Checks a format's version byte.
   *
   * @param format the format's name, for the message ({@code "exit-sample"})
   * @param version the version byte read
   * @param known the versions this build reads
   * @return {@code version}
   * @throws SerializationException if {@code version} is not one of {@code known}
   */
  public static byte requireVersion(String format, byte version, byte... known) {
    for (byte candidate : known) {
      if (candidate == version) {
        return version;
      }
    }
    throw new SerializationException("unknown " + format + " format version " + version);
  }
}
