package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static final Dataset TINY =
      new Dataset(
          "tiny",
          List.of("a", "b", "c"),
          List.of(
              new LabeledText("r0", "first", new int[] {2, 0}),
              new LabeledText("r1", "second", new int[] {}),
              new LabeledText("r2", "third", new int[] {0, 0})));

  @Test
  void labeledTextKeepsSortedDistinctIdsAndIsImmutable() {
    int[] ids = {3, 1, 3};
    LabeledText row = new LabeledText("x", "t", ids);
    ids[0] = 9;
    assertArrayEquals(new int[] {1, 3}, row.labelIds());
    row.labelIds()[0] = 7;
    assertArrayEquals(new int[] {1, 3}, row.labelIds());
    assertTrue(row.hasLabel(3));
    assertFalse(row.hasLabel(2));
    assertEquals(2, row.labelCount());
    assertEquals(new LabeledText("x", "t", new int[] {1, 3}), row);
    assertEquals(new LabeledText("x", "t", new int[] {1, 3}).hashCode(), row.hashCode());
    assertArrayEquals(new float[] {0, 1, 0, 1}, row.multiHot(4));
    assertThrows(IllegalArgumentException.class, () -> row.multiHot(3));
    assertThrows(IllegalArgumentException.class, () -> new LabeledText("x", "t", new int[] {-1}));
  }

  @Test
  void matricesTextsAndFrequencies() {
    assertEquals(3, TINY.size());
    assertEquals(3, TINY.labelCount());
    assertEquals(List.of("first", "second", "third"), TINY.texts());
    float[][] targets = TINY.labelMatrix();
    assertArrayEquals(new float[] {1, 0, 1}, targets[0]);
    assertArrayEquals(new float[] {0, 0, 0}, targets[1]);
    assertArrayEquals(new float[] {1, 0, 0}, targets[2]);
    boolean[][] gold = TINY.goldMatrix();
    assertArrayEquals(new boolean[] {true, false, true}, gold[0]);
    assertArrayEquals(new boolean[] {false, false, false}, gold[1]);
    assertArrayEquals(new int[] {2, 0, 1}, TINY.labelFrequencies());
    assertEquals(2, TINY.labelId("c"));
    assertThrows(IllegalArgumentException.class, () -> TINY.labelId("zzz"));
  }

  @Test
  void headKeepsTheFirstRows() {
    assertEquals(List.of("r0", "r1"), TINY.head(2).rows().stream().map(LabeledText::id).toList());
    assertEquals(3, TINY.head(10).size());
    assertNotSame(TINY, TINY.head(3));
    assertThrows(IllegalArgumentException.class, () -> TINY.head(-1));
  }

  @Test
  void rejectsLabelIdsBeyondTheLabelListAndDuplicateLabels() {
    List<LabeledText> rows = List.of(new LabeledText("r", "t", new int[] {3}));
    assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", List.of("a", "b", "c"), rows));
    assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", List.of("a", "a"), List.of()));
  }

  @Test
  void splitParsesNamesIgnoringCase() {
    assertEquals(Split.DEV, Split.parse("Dev"));
    assertEquals("test", Split.TEST.fileName());
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Split.parse("validation"));
    assertTrue(error.getMessage().contains("validation") && error.getMessage().contains("dev"), error.getMessage());
  }
}
