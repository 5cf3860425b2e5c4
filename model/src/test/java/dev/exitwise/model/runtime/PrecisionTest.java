package dev.exitwise.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrecisionTest {

  @Test
  void parsesItsSpellingsAndNamesTheChoicesOtherwise() {
    assertEquals(Precision.INT8, Precision.parse(" Int8 "));
    assertEquals(Precision.FP32, Precision.parse("fp32"));
    assertEquals("int8", Precision.INT8.configValue());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Precision.parse("bf16"));
    assertEquals("precision must be one of fp32, int8; got 'bf16'", bad.getMessage());
    IllegalArgumentException device = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
    assertEquals("device must be one of cpu, gpu, auto; got 'tpu'", device.getMessage());
  }
}
