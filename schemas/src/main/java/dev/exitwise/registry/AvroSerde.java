package dev.exitwise.registry;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link AvroSerializer} and {@link AvroDeserializer} as one Kafka {@link Serde}. {@link ExitwiseSerdes} builds
 * configured ones; Kafka can also create it by class name (then {@code specific.avro.reader} picks the type).
 *
 * @param <T> the record type
 */
public final class AvroSerde<T> implements Serde<T> {
  private final AvroSerializer<T> serializer = new AvroSerializer<>();
  private final AvroDeserializer<T> deserializer;

  /** Creates an unconfigured serde whose read type {@code specific.avro.reader} decides. */
  public AvroSerde() {
    this(new AvroDeserializer<>());
  }

  /** Creates an unconfigured serde around {@code deserializer}. */
  AvroSerde(AvroDeserializer<T> deserializer) {
    this.deserializer = deserializer;
  }

  /**
   * Configures both halves; they share one registry client and its cache.
   *
   * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeSettings settings = AvroSerdeConfig.parse(configs);
    SchemaRegistry registry = SchemaRegistries.open(settings.registry());
    serializer.configure(settings, registry, isKey);
    deserializer.configure(settings, registry);
  }

  /** @return the serializer half */
  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  /** @return the deserializer half */
  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
