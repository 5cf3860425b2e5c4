package dev.exitwise.streams.batching;

import dev.exitwise.avro.TextEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The micro-batcher's store and changelog format. Internal to one application, so it needs no registry: a version
 * byte, the Kafka coordinates, the input record's headers, then the event in Avro's single-object encoding (whose
 * schema fingerprint makes a changed {@code TextEvent} schema fail loudly instead of decoding garbage). Whatever the
 * input topic's format, the event is stored in Avro. Version 1, written before headers were kept, is still read
 * (with no headers), so a changelog left by an older instance restores.
 */
public final class PendingEventSerde implements Serde<PendingEvent> {
  private static final byte VERSION_WITHOUT_HEADERS = 1;
  private static final byte VERSION = 2;

  @Override
  public Serializer<PendingEvent> serializer() {
    return (topic, pending) -> pending == null ? null : write(pending);
  }

  @Override
  public Deserializer<PendingEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(PendingEvent pending) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      writeString(out, pending.key());
      writeString(out, pending.topic());
      out.writeInt(pending.partition());
      out.writeLong(pending.offset());
      out.writeLong(pending.timestamp());
      out.writeLong(pending.enqueuedAtMillis());
      writeHeaders(out, pending.headers());
      ByteBuffer event = pending.event().toByteBuffer();
      out.write(event.array(), event.arrayOffset() + event.position(), event.remaining());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    writeBytes(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] utf8 = readBytes(in);
    return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length > in.available()) {
      throw new SerializationException("a pending event's field claims " + length + " bytes; "
          + in.available() + " are left");
    }
    return length < 0 ? null : in.readNBytes(length);
  }

  private static void writeHeaders(DataOutputStream out, Headers headers) throws IOException {
    Header[] all = headers.toArray();
    out.writeInt(all.length);
    for (Header header : all) {
      writeString(out, header.key());
      writeBytes(out, header.value());
    }
  }

  private static Headers readHeaders(DataInputStream in) throws IOException {
    int count = in.readInt();
    Headers headers = new RecordHeaders();
    for (int i = 0; i < count; i++) {
      headers.add(readString(in), readBytes(in));
    }
    return headers;
  }

  static PendingEvent read(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_WITHOUT_HEADERS) {
        throw new SerializationException("unknown pending-event format version " + version);
      }
      String key = readString(in);
      String topic = readString(in);
      int partition = in.readInt();
      long offset = in.readLong();
      long timestamp = in.readLong();
      long enqueuedAt = in.readLong();
      Headers headers = version == VERSION_WITHOUT_HEADERS ? new RecordHeaders() : readHeaders(in);
      byte[] rest = in.readAllBytes();
      TextEvent event = TextEvent.fromByteBuffer(ByteBuffer.wrap(rest));
      return new PendingEvent(key, event, topic, partition, offset, timestamp, enqueuedAt, headers);
    } catch (IOException e) {
      throw new SerializationException("cannot read a pending event", e);
    }
  }
}
