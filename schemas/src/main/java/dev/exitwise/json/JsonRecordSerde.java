package dev.exitwise.json;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka value serde of one generated record class as a plain JSON object (see {@link JsonRecordCodec}). Needs no
 * configuration and no registry; {@code null} stays {@code null} both ways (a tombstone). The deserializer throws
 * {@link MalformedJsonException} for bytes that are not such an object.
 *
 * @param <T> the generated record class
 */
public final class JsonRecordSerde<T extends SpecificRecord> implements Serde<T> {
  private final JsonRecordCodec<T> codec;

  private JsonRecordSerde(JsonRecordCodec<T> codec) {
    this.codec = codec;
  }

  /**
   * The serde of a generated record class.
   *
   * @throws IllegalArgumentException if its schema does not map to JSON (see {@link JsonRecordCodec#of})
   */
  public static <T extends SpecificRecord> JsonRecordSerde<T> of(Class<T> type) {
    return new JsonRecordSerde<>(JsonRecordCodec.of(type));
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, record) -> record == null ? null : codec.encode(record);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : codec.decode(bytes);
  }
}
