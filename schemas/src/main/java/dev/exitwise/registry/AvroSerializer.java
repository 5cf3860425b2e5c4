package dev.exitwise.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records ({@link SpecificRecord} or {@link org.apache.avro.generic.GenericRecord}) in the Confluent
 * wire format. The record's own schema is registered under the subject its strategy names ({@code <topic>-value}
 * by default), or only looked up when {@code auto.register.schemas=false}. With {@code use.latest.version=true}
 * the record is written in the subject's latest registered version instead ({@link LatestVersionWriter}).
 * Configure it with the keys of {@link AvroSerdeConfig}; Kafka creates it through the no-argument constructor.
 * Thread-safe once configured.
 *
 * @param <T> the record type
 */
public final class AvroSerializer<T> implements Serializer<T> {
  /** Generated classes and GenericRecords of one schema need different writers (logical-type conversions). */
  private record WriterKey(Class<?> recordClass, Schema schema) {}

  private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final LatestVersionWriter latestVersionWriter = new LatestVersionWriter();
  private SerdeSettings settings;
  private SchemaRegistry registry;
  private boolean isKey;

  /** Creates an unconfigured serializer; {@link #configure} must be called before use. */
  public AvroSerializer() {}

  /**
   * Reads the settings and opens the registry.
   *
   * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeSettings parsed = AvroSerdeConfig.parse(configs);
    configure(parsed, SchemaRegistries.open(parsed.registry()), isKey);
  }

  /** Configures with settings already parsed and a registry shared with the deserializer of the same serde. */
  void configure(SerdeSettings settings, SchemaRegistry registry, boolean isKey) {
    this.settings = settings;
    this.registry = registry;
    this.isKey = isKey;
  }

  /**
   * @return the wire-format bytes, or null for a null record (a tombstone)
   * @throws SerializationException if {@code data} is not an Avro record
   * @throws SchemaMismatchException if the record does not match its own schema, or the subject's latest version
   *     cannot read it ({@code use.latest.version=true})
   * @throws SchemaRegistryException if the schema cannot be registered or found (incompatible, not registered,
   *     registry unreachable, credentials refused)
   * @throws IllegalStateException if the serializer was not configured
   */
  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (settings == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    if (!(data instanceof IndexedRecord record)) {
      throw new SerializationException("cannot serialize " + data.getClass().getName()
          + ": expected an Avro SpecificRecord or GenericRecord");
    }
    Schema schema = record.getSchema();
    String subject = settings.subject(topic, isKey, schema);
    if (settings.useLatestVersion()) {
      SchemaRegistry.RegisteredSchema latest = registry.latest(subject);
      return WireFormat.frame(latest.id(),
          latestVersionWriter.rewrite(encode(record, schema), schema, latest.schema(), subject));
    }
    int schemaId = settings.autoRegister() ? registry.register(subject, schema) : registry.idOf(subject, schema);
    return WireFormat.frame(schemaId, encode(record, schema));
  }

  private byte[] encode(IndexedRecord record, Schema schema) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writers.computeIfAbsent(new WriterKey(record.getClass(), schema), key -> writerFor(record)).write(record, encoder);
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new SchemaMismatchException("record " + schema.getFullName() + " does not match its schema: "
          + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static DatumWriter<Object> writerFor(IndexedRecord record) {
    Schema schema = record.getSchema();
    return record instanceof SpecificRecord
        ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass()))
        : new GenericDatumWriter<>(schema, GenericData.get());
  }
}
