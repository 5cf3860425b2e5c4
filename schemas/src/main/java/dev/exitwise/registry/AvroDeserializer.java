package dev.exitwise.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro payloads. The writer schema comes from the registry by the id in the payload;
 * the reader schema is, in order: the generated class this deserializer was built for; a fixed reader schema for
 * {@code GenericRecord}s; the generated class the writer schema names when {@code specific.avro.reader=true}; else
 * the writer schema itself. Avro's schema resolution between the two is what makes evolution work (fields the
 * reader adds take their defaults, fields it lacks are skipped). Thread-safe once configured.
 *
 * @param <T> the record type: a generated class, or {@code GenericRecord}
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
  private final Class<? extends SpecificRecord> specificClass;
  private final Schema genericReaderSchema;
  private final Map<Integer, DatumReader<Object>> readersByWriterId = new ConcurrentHashMap<>();
  private SerdeSettings settings;
  private SchemaRegistry registry;

  /** Creates a deserializer whose output type {@code specific.avro.reader} decides; configure before use. */
  public AvroDeserializer() {
    this(null, null);
  }

  /** Creates a deserializer that always reads into {@code specificClass}; configure before use. */
  public AvroDeserializer(Class<? extends SpecificRecord> specificClass) {
    this(specificClass, null);
  }

  /** Creates a deserializer that reads {@code GenericRecord}s in {@code readerSchema}; configure before use. */
  public AvroDeserializer(Schema readerSchema) {
    this(null, readerSchema);
  }

  private AvroDeserializer(Class<? extends SpecificRecord> specificClass, Schema genericReaderSchema) {
    this.specificClass = specificClass;
    this.genericReaderSchema = genericReaderSchema;
  }

  /**
   * Reads the settings and opens the registry.
   *
   * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeSettings parsed = AvroSerdeConfig.parse(configs);
    configure(parsed, SchemaRegistries.open(parsed.registry()));
  }

  /** Configures with settings already parsed and a registry shared with the serializer of the same serde. */
  void configure(SerdeSettings settings, SchemaRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  /**
   * @return the record, or null for null bytes (a tombstone)
   * @throws MalformedPayloadException if the bytes are too short, have a wrong magic byte, or do not decode
   * @throws UnknownSchemaIdException if the registry does not know the writer schema id
   * @throws SchemaMismatchException if the writer schema cannot be read as the reader schema
   * @throws SchemaRegistryException if the registry cannot be reached or refuses the credentials
   * @throws IllegalStateException if the deserializer was not configured
   */
  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (settings == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    WireFormat.Framed framed = WireFormat.parse(data);
    DatumReader<Object> reader = readerFor(framed.schemaId());
    try {
      return (T) reader.read(null,
          DecoderFactory.get().binaryDecoder(data, framed.bodyOffset(), framed.bodyLength(), null));
    } catch (IOException | RuntimeException e) {
      throw new MalformedPayloadException("avro body does not decode with writer schema id " + framed.schemaId()
          + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
  }

  // Get-then-put rather than computeIfAbsent: building a reader may call the registry, which must not happen
  // under a map lock. Two threads may build the same reader once; either result is right.
  private DatumReader<Object> readerFor(int writerId) {
    DatumReader<Object> cached = readersByWriterId.get(writerId);
    if (cached != null) {
      return cached;
    }
    DatumReader<Object> reader = newReader(writerId);
    readersByWriterId.putIfAbsent(writerId, reader);
    return reader;
  }

  private DatumReader<Object> newReader(int writerId) {
    Schema writer = registry.schemaById(writerId);
    if (genericReaderSchema != null) {
      return new GenericDatumReader<>(writer, requireReadable(writerId, writer, genericReaderSchema),
          GenericData.get());
    }
    Class<?> readerClass = specificClass;
    if (readerClass == null && settings.specificReader()) {
      readerClass = SpecificData.get().getClass(writer);
      if (readerClass == null) {
        throw new SchemaMismatchException("no generated class " + writer.getFullName()
            + " on the class path for writer schema id " + writerId + " (specific.avro.reader=true)");
      }
    }
    if (readerClass == null) {
      return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    SpecificData data = SpecificData.getForClass(readerClass);
    return new SpecificDatumReader<>(writer, requireReadable(writerId, writer, data.getSchema(readerClass)), data);
  }

  private static Schema requireReadable(int writerId, Schema writer, Schema reader) {
    SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SchemaMismatchException("writer schema id " + writerId + " (" + writer.getFullName()
          + ") cannot be read as " + reader.getFullName() + ": " + SchemaCompatibilityText.describe(compatibility));
    }
    return reader;
  }
}
