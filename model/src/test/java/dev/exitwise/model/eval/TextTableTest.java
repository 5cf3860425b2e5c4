package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
  private static final TextTable TABLE =
      TextTable.builder("policy", "macroF1", "speed-up")
          .row("full", TextTable.fixed(0.4612, 3), "1.00x")
          .row("f-pabee P=3", TextTable.fixed(0.45, 3), "2.1x")
          .row("static", "-", "12.0x")
          .build();

  @Test
  void terminalAlignsTextLeftAndNumbersRight() {
    String expected =
        """
        policy       macroF1  speed-up
        -----------  -------  --------
        full           0.461     1.00x
        f-pabee P=3    0.450      2.1x
        static             -     12.0x
        """;
    assertEquals(expected, TABLE.terminal());
  }

  @Test
  void markdownMarksNumericColumnsAndEscapesPipes() {
    String expected =
        """
        | policy | macroF1 | speed-up |
        | --- | ---: | ---: |
        | full | 0.461 | 1.00x |
        | f-pabee P=3 | 0.450 | 2.1x |
        | static | - | 12.0x |
        """;
    assertEquals(expected, TABLE.markdown());
    assertEquals("| a\\|b |\n| --- |\n| x |\n", TextTable.builder("a|b").row("x").build().markdown());
  }

  @Test
  void fixedIgnoresTheDefaultLocale() {
    java.util.Locale previous = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertEquals("0.50", TextTable.fixed(0.5, 2));
    } finally {
      java.util.Locale.setDefault(previous);
    }
  }

  @Test
  void rowsMustBeAsWideAsTheHeader() {
    assertThrows(IllegalArgumentException.class, () -> TextTable.builder("a", "b").row("only one"));
    assertThrows(IllegalArgumentException.class, () -> new TextTable(List.of("a"), List.of(List.of("x", "y"))));
  }
}
