package dev.exitwise.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Configured Avro serdes for the rest of exitwise, e.g.
 * {@code ExitwiseSerdes.specific(TextEvent.class, Map.of("schema.registry.url", "mock://demo"), false)}.
 */
public final class ExitwiseSerdes {
  private ExitwiseSerdes() {}

  /**
   * @param recordClass the generated class to write and to read into
   * @param config the keys of {@link AvroSerdeConfig}; {@code schema.registry.url} is required
   * @param isKey whether the serde is for record keys ({@code <topic>-key} subjects)
   * @return a configured serde
   * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid
   */
  public static <T extends SpecificRecord> Serde<T> specific(Class<T> recordClass, Map<String, ?> config,
      boolean isKey) {
    return configured(new AvroSerde<>(new AvroDeserializer<>(recordClass)), config, isKey);
  }

  /**
   * @return a configured serde for {@link GenericRecord}s, read in their writer schema
   * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid
   */
  public static Serde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
    return configured(new AvroSerde<>(new AvroDeserializer<>()), config, isKey);
  }

  /**
   * @return a configured serde for {@link GenericRecord}s, read in {@code readerSchema} (a projection or a newer
   *     or older version of the writer schema)
   * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid
   */
  public static Serde<GenericRecord> generic(Schema readerSchema, Map<String, ?> config, boolean isKey) {
    return configured(new AvroSerde<>(new AvroDeserializer<>(readerSchema)), config, isKey);
  }

  private static <T> Serde<T> configured(AvroSerde<T> serde, Map<String, ?> config, boolean isKey) {
    serde.configure(config, isKey);
    return serde;
  }
}
