package dev.exitwise.registry;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary body.
 */
public final class WireFormat {
  /** The only magic byte the format defines. */
  public static final byte MAGIC_BYTE = 0;
  /** Magic byte plus schema id. */
  public static final int HEADER_BYTES = 5;

  private WireFormat() {}

  /** A parsed payload: the writer schema's id and where the Avro body lies in the original array. */
  public record Framed(int schemaId, int bodyOffset, int bodyLength) {}

  /**
   * Prefixes an Avro body with the header.
   *
   * @return a new array of {@code avroBody.length + 5} bytes
   */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    return ByteBuffer.allocate(HEADER_BYTES + avroBody.length)
        .put(MAGIC_BYTE).putInt(schemaId).put(avroBody).array();
  }

  /**
   * Reads the header of a payload.
   *
   * @return the schema id and the body's position
   * @throws MalformedPayloadException if the payload is shorter than the header or its first byte is not 0
   */
  public static Framed parse(byte[] payload) {
    if (payload.length < HEADER_BYTES) {
      throw new MalformedPayloadException("payload too short: " + payload.length
          + " bytes, the Confluent wire format needs at least 5 (magic byte + 4-byte schema id)");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new MalformedPayloadException(String.format(
          "unknown magic byte 0x%02x (expected 0x00): not Confluent wire format", payload[0] & 0xff));
    }
    return new Framed(ByteBuffer.wrap(payload, 1, 4).getInt(), HEADER_BYTES, payload.length - HEADER_BYTES);
  }
}
