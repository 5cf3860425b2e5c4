package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GoEmotionsTest {
  private static final Map<Split, Dataset> SPLITS = new EnumMap<>(Split.class);

  @BeforeAll
  static void load() {
    for (Split split : Split.values()) {
      SPLITS.put(split, GoEmotions.load(split));
    }
  }

  @Test
  void officialRowCounts() {
    assertEquals(43_410, SPLITS.get(Split.TRAIN).size());
    assertEquals(5_426, SPLITS.get(Split.DEV).size());
    assertEquals(5_427, SPLITS.get(Split.TEST).size());
  }

  @Test
  void twentyEightLabelsInEmotionsTxtOrder() {
    List<String> labels = GoEmotions.labels();
    assertEquals(28, labels.size());
    assertEquals("admiration", labels.get(0));
    assertEquals("grief", labels.get(16));
    assertEquals("neutral", labels.get(27));
    assertEquals(GoEmotions.TENANT, SPLITS.get(Split.DEV).name());
    assertEquals(labels, SPLITS.get(Split.DEV).labels());
  }

  @Test
  void quotedTextLosesOuterQuotesAndDoubledQuotesAreUndoubled() {
    LabeledText row = find(SPLITS.get(Split.TRAIN), "eetq9g0");
    assertEquals("Three words, no subtlety. \"Dude. Stop. Seriously.\" ", row.text());
    LabeledText twoLabels = find(SPLITS.get(Split.TRAIN), "eczjljm");
    assertEquals(
        "[NAME] dude I see [NAME] so rarely that I forget that he's the OG \"Fuck this character fuck this stupid"
            + " game\" king. ",
        twoLabels.text());
    assertArrayEquals(new int[] {2, 3}, twoLabels.labelIds());
  }

  @Test
  void quotedRowCountsMatchTheSourceNote() {
    assertEquals(1_097, countWithQuote(SPLITS.get(Split.TRAIN)));
    assertEquals(137, countWithQuote(SPLITS.get(Split.DEV)));
    assertEquals(149, countWithQuote(SPLITS.get(Split.TEST)));
  }

  /** The texts joined by '\n' hash to what Python's {@code csv.reader(f, delimiter="\t")} gives. */
  @Test
  void textsAreExactlyWhatPythonsCsvReaderReads() throws Exception {
    assertEquals("6baac4c4b16a8fa609bf80e90929884580111e9b4b7adf3279a88acf3b8c1d15", textHash(SPLITS.get(Split.TRAIN)));
    assertEquals("fe1fecc648d2907b4dfa118fd366785c570a2eb55858845012e15104f4d19ad9", textHash(SPLITS.get(Split.DEV)));
    assertEquals("4de786dc2e5499b6ff4e8fd9fb0fd3fbf3a87be46c9f5cdd2299a295fce82ba5", textHash(SPLITS.get(Split.TEST)));
  }

  @Test
  void labelFrequenciesPerSplit() {
    assertArrayEquals(
        new int[] {4130, 2328, 1567, 2470, 2939, 1087, 1368, 2191, 641, 1269, 2022, 793, 303, 853, 596, 2662, 77, 1452,
          2086, 164, 1581, 111, 1110, 153, 545, 1326, 1060, 14219},
        SPLITS.get(Split.TRAIN).labelFrequencies());
    assertArrayEquals(
        new int[] {488, 303, 195, 303, 397, 153, 152, 248, 77, 163, 292, 97, 35, 96, 90, 358, 13, 172, 252, 21, 209, 15,
          127, 18, 68, 143, 129, 1766},
        SPLITS.get(Split.DEV).labelFrequencies());
    assertArrayEquals(
        new int[] {504, 264, 198, 320, 351, 135, 153, 284, 83, 151, 267, 123, 37, 103, 78, 352, 6, 161, 238, 23, 186,
          16, 145, 11, 56, 156, 141, 1787},
        SPLITS.get(Split.TEST).labelFrequencies());
  }

  @Test
  void everyRowHasAtLeastOneLabel() {
    for (Dataset dataset : SPLITS.values()) {
      assertFalse(dataset.rows().stream().anyMatch(row -> row.labelCount() == 0), dataset.name());
    }
  }

  @Test
  void malformedRowsFailLoudly() {
    assertThrows(IllegalStateException.class, () -> GoEmotions.parse(new StringReader("text\t3\n"), 28, "inline"));
    assertThrows(IllegalStateException.class, () -> GoEmotions.parse(new StringReader("text\t28\tid\n"), 28, "inline"));
    assertThrows(IllegalStateException.class, () -> GoEmotions.parse(new StringReader("text\tx\tid\n"), 28, "inline"));
  }

  @Test
  void parsesQuotedFieldsWithTabsAndNewlinesInside() throws Exception {
    List<LabeledText> rows =
        GoEmotions.parse(
            new StringReader("\"a\tb \"\"c\"\"\nd\"\t1,0\tid1\nplain \"x\" text\t27\tid2\n"), 28, "inline");
    assertEquals(2, rows.size());
    assertEquals("a\tb \"c\"\nd", rows.get(0).text());
    assertArrayEquals(new int[] {0, 1}, rows.get(0).labelIds());
    assertEquals("plain \"x\" text", rows.get(1).text());
    assertEquals("id2", rows.get(1).id());
  }

  private static LabeledText find(Dataset dataset, String id) {
    return dataset.rows().stream().filter(row -> row.id().equals(id)).findFirst().orElseThrow();
  }

  private static long countWithQuote(Dataset dataset) {
    return dataset.rows().stream().filter(row -> row.text().contains("\"")).count();
  }

  private static String textHash(Dataset dataset) throws Exception {
    byte[] joined = String.join("\n", dataset.texts()).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(joined));
  }
}
