package dev.exitwise.streams.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.exitwise.avro.TextEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class PendingEventSerdeTest {
  private static final TextEvent EVENT = TextEvent.newBuilder().setId("e1").setText("hello").setTenant("emotions")
      .setInstruction(null).setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
      .setAttributes(Map.of("source", "web")).build();

  @Test
  void keepsTheInputsHeadersWithTheEvent() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
    headers.add("empty", null);
    headers.add("traceparent", "second".getBytes(StandardCharsets.UTF_8));
    PendingEvent pending = new PendingEvent("e1", EVENT, "text-events", 2, 41L, 1_700_000_000_000L, 7L, headers);

    PendingEvent read = PendingEventSerde.read(PendingEventSerde.write(pending));

    assertEquals(pending, read);
    assertEquals(3, read.headers().toArray().length, "repeated headers and their order are kept");
    assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), read.headers().lastHeader("traceparent").value());
    assertNull(read.headers().lastHeader("empty").value());
  }

  @Test
  void readsTheFormatWrittenBeforeHeadersWereKept() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(1);
    writeString(out, "e1");
    writeString(out, "text-events");
    out.writeInt(2);
    out.writeLong(41L);
    out.writeLong(1_700_000_000_000L);
    out.writeLong(7L);
    ByteBuffer event = EVENT.toByteBuffer();
    out.write(event.array(), event.arrayOffset() + event.position(), event.remaining());

    PendingEvent read = PendingEventSerde.read(bytes.toByteArray());

    assertEquals(new PendingEvent("e1", EVENT, "text-events", 2, 41L, 1_700_000_000_000L, 7L, new RecordHeaders()),
        read);
  }

  @Test
  void anUnknownVersionOrACutRecordFailsLoudly() {
    PendingEvent pending = new PendingEvent("e1", EVENT, "text-events", 0, 0L, 0L, 0L, null);
    byte[] bytes = PendingEventSerde.write(pending);
    byte[] future = bytes.clone();
    future[0] = 3;

    assertThrows(SerializationException.class, () -> PendingEventSerde.read(future));
    assertThrows(SerializationException.class, () -> PendingEventSerde.read(Arrays.copyOf(bytes, 12)));
  }

  private static void writeString(DataOutputStream out, String text) throws Exception {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
