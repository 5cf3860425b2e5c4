package dev.exitwise.streams.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A stand-in for the Confluent-wire-format serde of {@code dev.exitwise.registry} until it lands: magic byte 0,
 * a 4-byte schema id, Avro binary. There is no registry: each record class has a fixed fake id, and any other id
 * is "unknown". The lead replaces it with the real serde over a {@code mock://} registry at merge.
 */
public final class WireFormatTestSerde<T extends SpecificRecord> implements Serde<T> {
  private static final byte MAGIC = 0;
  private static final Map<String, Integer> FAKE_IDS = Map.of(
      "dev.exitwise.avro.TextEvent", 1,
      "dev.exitwise.avro.Classification", 2,
      "dev.exitwise.avro.ExitTelemetry", 3,
      "dev.exitwise.avro.ExitDepthStats", 4);

  private final Schema schema;
  private final int schemaId;

  public WireFormatTestSerde(Class<T> type) {
    this.schema = org.apache.avro.specific.SpecificData.get().getSchema(type);
    this.schemaId = FAKE_IDS.get(type.getName());
  }

  /** The fake schema id of this serde's record class. */
  public int schemaId() {
    return schemaId;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, record) -> record == null ? null : encode(record);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  private byte[] encode(T record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(MAGIC);
      out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<T>(schema).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("cannot encode " + schema.getFullName(), e);
    }
  }

  private T decode(byte[] bytes) {
    if (bytes.length < 5) {
      throw new SerializationException("too short for the wire format: " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte magic = buffer.get();
    if (magic != MAGIC) {
      throw new SerializationException("unknown magic byte " + magic);
    }
    int id = buffer.getInt();
    if (id != schemaId) {
      throw new SerializationException("unknown schema id " + id);
    }
    try {
      return new SpecificDatumReader<T>(schema).read(null,
          DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode " + schema.getFullName() + " with schema id " + id, e);
    }
  }
}
