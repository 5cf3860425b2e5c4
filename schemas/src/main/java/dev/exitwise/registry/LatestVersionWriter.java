package dev.exitwise.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Rewrites Avro binary written in a record's own schema into the subject's latest registered version, for
 * {@code use.latest.version=true}. Avro's schema resolution does the work (fields matched by name, fields the
 * record lacks take the latest version's defaults, fields the latest version lacks are dropped), so the bytes are
 * what a writer of the latest version would have written. The latest version must be able to read the record's
 * schema (BACKWARD compatible); otherwise serializing fails with both schemas named, rather than writing data the
 * subject's readers cannot trust. Thread-safe.
 */
final class LatestVersionWriter {
  /** The reader and writer that take one schema's bytes to another's. */
  private record Translation(GenericDatumReader<Object> reader, GenericDatumWriter<Object> writer) {}

  private record SchemaPair(Schema recordSchema, Schema latest) {}

  private final Map<SchemaPair, Translation> translations = new ConcurrentHashMap<>();

  /**
   * @param recordBytes Avro binary of a record written in {@code recordSchema}
   * @return the same record as Avro binary of {@code latest}
   * @throws SchemaMismatchException if {@code latest} cannot read {@code recordSchema}
   */
  byte[] rewrite(byte[] recordBytes, Schema recordSchema, Schema latest, String subject) {
    if (recordSchema.equals(latest)) {
      return recordBytes;
    }
    Translation translation = translations.computeIfAbsent(new SchemaPair(recordSchema, latest),
        pair -> translation(pair, subject));
    try {
      Object record = translation.reader().read(null, DecoderFactory.get().binaryDecoder(recordBytes, null));
      ByteArrayOutputStream out = new ByteArrayOutputStream(recordBytes.length + 16);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      translation.writer().write(record, encoder);
      return out.toByteArray();
    } catch (IOException e) {
      throw new SchemaMismatchException("cannot rewrite " + recordSchema.getFullName() + " in the latest version of "
          + subject + ": " + e.getMessage(), e);
    }
  }

  private static Translation translation(SchemaPair pair, String subject) {
    SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(pair.latest(), pair.recordSchema());
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SchemaMismatchException("use.latest.version: the latest version of subject " + subject
          + " cannot read records of " + pair.recordSchema().getFullName() + " as this serializer writes them: "
          + SchemaCompatibilityText.describe(compatibility));
    }
    return new Translation(new GenericDatumReader<>(pair.recordSchema(), pair.latest(), GenericData.get()),
        new GenericDatumWriter<>(pair.latest(), GenericData.get()));
  }
}
