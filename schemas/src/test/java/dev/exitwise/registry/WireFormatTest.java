package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void framesWithMagicByteAndBigEndianId() {
    byte[] framed = WireFormat.frame(0x01020304, new byte[] {9, 8});
    assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 9, 8}, framed);
    assertEquals(new WireFormat.Framed(0x01020304, 5, 2), WireFormat.parse(framed));
  }

  @Test
  void rejectsWrongMagicByte() {
    MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
        () -> WireFormat.parse(new byte[] {7, 0, 0, 0, 1, 2}));
    assertEquals("unknown magic byte 0x07 (expected 0x00): not Confluent wire format", e.getMessage());
  }

  @Test
  void rejectsPayloadShorterThanHeader() {
    MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
        () -> WireFormat.parse(new byte[] {0, 0, 1}));
    assertTrue(e.getMessage().startsWith("payload too short: 3 bytes"), e.getMessage());
  }
}
