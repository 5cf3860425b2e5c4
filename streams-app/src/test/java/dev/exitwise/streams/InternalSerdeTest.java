package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.exitwise.streams.telemetry.ExitSampleSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InternalSerdeTest {
  @Test
  void nullStaysNullBothWays() {
    ExitSampleSerde serde = new ExitSampleSerde();
    assertNull(serde.serializer().serialize("samples", null));
    assertNull(serde.deserializer().deserialize("samples", null));
  }

  @Test
  void aKnownVersionPassesAndAnUnknownOneNamesTheFormat() {
    assertEquals(2, InternalSerde.requireVersion("exit-depth accumulator", (byte) 2, (byte) 2, (byte) 1));
    assertEquals(1, InternalSerde.requireVersion("exit-depth accumulator", (byte) 1, (byte) 2, (byte) 1));
    SerializationException e = assertThrows(SerializationException.class,
        () -> InternalSerde.requireVersion("pending-event", (byte) 7, (byte) 1));
    assertEquals("unknown pending-event format version 7", e.getMessage());
  }
}
