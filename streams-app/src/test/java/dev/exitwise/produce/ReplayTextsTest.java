package dev.exitwise.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTextsTest {
  @TempDir
  Path folder;

  @Test
  void interleavesRoundRobinAndRepeatsTheShorterList() {
    List<ReplayText> a = List.of(new ReplayText("a", "a1"), new ReplayText("a", "a2"), new ReplayText("a", "a3"));
    List<ReplayText> b = List.of(new ReplayText("b", "b1"));
    assertEquals(List.of("a1", "b1", "a2", "b1", "a3", "b1"),
        ReplayTexts.interleave(List.of(a, b)).stream().map(ReplayText::text).toList());
  }

  @Test
  void readsNonBlankLinesStripped() throws Exception {
    Path file = folder.resolve("texts.txt");
    Files.writeString(file, "  first text \n\n\t\nsecond ünïcode text\n", StandardCharsets.UTF_8);
    assertEquals(List.of(new ReplayText("t", "first text"), new ReplayText("t", "second ünïcode text")),
        ReplayTexts.ofLines(file, "t"));
  }

  @Test
  void anEmptyFileIsAnError() throws Exception {
    Path file = folder.resolve("empty.txt");
    Files.writeString(file, "\n \n");
    assertThrows(IllegalArgumentException.class, () -> ReplayTexts.ofLines(file, "t"));
  }
}
