package dev.exitwise.streams.batching;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.InternalSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The micro-batcher's store and changelog format. Internal to one application, so it needs no registry: a version
 * byte, the Kafka coordinates, then the event in Avro's single-object encoding (whose schema fingerprint makes a
 * changed {@code TextEvent} schema fail loudly instead of decoding garbage).
 */
public final class PendingEventSerde extends InternalSerde<PendingEvent> {
  private static final byte VERSION = 1;

  /** The serde; it holds no state. */
  public PendingEventSerde() {
    super(PendingEventSerde::write, PendingEventSerde::read);
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
      ByteBuffer event = pending.event().toByteBuffer();
      out.write(event.array(), event.arrayOffset() + event.position(), event.remaining());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    if (text == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  static PendingEvent read(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      requireVersion("pending-event", in.readByte(), VERSION);
      String key = readString(in);
      String topic = readString(in);
      int partition = in.readInt();
      long offset = in.readLong();
      long timestamp = in.readLong();
      long enqueuedAt = in.readLong();
      byte[] rest = in.readAllBytes();
      TextEvent event = TextEvent.fromByteBuffer(ByteBuffer.wrap(rest));
      return new PendingEvent(key, event, topic, partition, offset, timestamp, enqueuedAt);
    } catch (IOException e) {
      throw new SerializationException("cannot read a pending event", e);
    }
  }
}
