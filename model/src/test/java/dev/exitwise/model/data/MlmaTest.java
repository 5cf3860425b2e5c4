package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MlmaTest {
  private static final Map<Split, Dataset> SPLITS = new EnumMap<>(Split.class);

  @BeforeAll
  static void load() {
    for (Split split : Split.values()) {
      SPLITS.put(split, Mlma.load(split));
    }
  }

  @Test
  void splitSizesAreEightyTenTen() {
    assertEquals(4_519, SPLITS.get(Split.TRAIN).size());
    assertEquals(564, SPLITS.get(Split.DEV).size());
    assertEquals(564, SPLITS.get(Split.TEST).size());
  }

  @Test
  void splitsAreDisjointAndCoverAllRows() {
    Set<String> ids = new HashSet<>();
    int total = 0;
    for (Dataset dataset : SPLITS.values()) {
      total += dataset.size();
      dataset.rows().forEach(row -> ids.add(row.id()));
    }
    assertEquals(5_647, total);
    assertEquals(5_647, ids.size());
    for (int hitId = 0; hitId < 5_647; hitId++) {
      assertTrue(ids.contains(Integer.toString(hitId)), "HITId " + hitId);
    }
  }

  /** The first HITIds of each split as an independent Python port of java.util.Random computes them. */
  @Test
  void splitMatchesTheDocumentedRule() {
    assertEquals(List.of("0", "1", "2", "3", "4"), firstIds(SPLITS.get(Split.TRAIN)));
    assertEquals(List.of("8", "16", "46", "62", "71"), firstIds(SPLITS.get(Split.DEV)));
    assertEquals(List.of("15", "23", "37", "43", "55"), firstIds(SPLITS.get(Split.TEST)));
  }

  @Test
  void loadingTwiceGivesTheSameSplit() {
    assertEquals(SPLITS.get(Split.DEV), Mlma.load(Split.DEV));
  }

  @Test
  void labelFrequenciesPerSplitAndInTotal() {
    assertArrayEquals(new int[] {532, 1039, 3209, 633, 444, 1079}, SPLITS.get(Split.TRAIN).labelFrequencies());
    assertArrayEquals(new int[] {63, 134, 393, 73, 61, 139}, SPLITS.get(Split.DEV).labelFrequencies());
    assertArrayEquals(new int[] {76, 105, 418, 76, 57, 141}, SPLITS.get(Split.TEST).labelFrequencies());
    int[] total = new int[6];
    for (Dataset dataset : SPLITS.values()) {
      int[] counts = dataset.labelFrequencies();
      for (int i = 0; i < total.length; i++) {
        total[i] += counts[i];
      }
    }
    // abusive, hateful, offensive, disrespectful, fearful, normal as the source note counts them
    assertArrayEquals(new int[] {671, 1278, 4020, 782, 562, 1359}, total);
  }

  @Test
  void sentimentIsSplitOnUnderscore() {
    LabeledText first = SPLITS.get(Split.TRAIN).rows().get(0);
    assertEquals("0", first.id());
    assertTrue(first.text().startsWith("If America had another 8 years of Obama's ideology"));
    // fearful_abusive_hateful_disrespectful_normal
    assertArrayEquals(new int[] {0, 1, 3, 4, 5}, first.labelIds());
    assertEquals(Mlma.TENANT, SPLITS.get(Split.TRAIN).name());
    assertEquals(List.of("abusive", "hateful", "offensive", "disrespectful", "fearful", "normal"), Mlma.LABELS);
  }

  @Test
  void unicodeEscapesAreDecoded() {
    assertEquals("tired\u2026 @URL", Mlma.decodeUnicodeEscapes("tired\\u2026 @URL"));
    assertEquals("bitch \uD83D\uDE02!", Mlma.decodeUnicodeEscapes("bitch \\ud83d\\ude02!"));
    assertEquals("say \\shithole\\ and \\uZZ", Mlma.decodeUnicodeEscapes("say \\shithole\\ and \\uZZ"));
    LabeledText eight = SPLITS.get(Split.DEV).rows().get(0);
    assertEquals("8", eight.id());
    String laughing = "\uD83D\uDE02";
    assertEquals("This bitch Is retarded " + laughing.repeat(4) + " I hate her @URL", eight.text());
    for (Dataset dataset : SPLITS.values()) {
      assertFalse(dataset.rows().stream().anyMatch(row -> row.text().matches("(?s).*\\\\u[0-9a-fA-F]{4}.*")));
    }
  }

  @Test
  void badRowsFailLoudly() {
    String header = "HITId,tweet,sentiment,directness,annotator_sentiment,target,group\n";
    assertThrows(
        IllegalStateException.class,
        () -> Mlma.parse(csv(header + "1,a,offensive,d,a,t,g\n1,b,normal,d,a,t,g\n")));
    assertThrows(IllegalStateException.class, () -> Mlma.parse(csv(header + "1,a,angry,d,a,t,g\n")));
    assertThrows(IllegalStateException.class, () -> Mlma.parse(csv(header + "x,a,normal,d,a,t,g\n")));
  }

  @Test
  void parsedRowsAreSortedByNumericHitId() throws Exception {
    String header = "HITId,tweet,sentiment,directness,annotator_sentiment,target,group\n";
    List<LabeledText> rows =
        Mlma.parse(csv(header + "10,\"a, \"\"quoted\"\"\",normal,d,a,t,g\n9,b,offensive_hateful,d,a,t,g\n"));
    assertEquals(List.of("9", "10"), rows.stream().map(LabeledText::id).toList());
    assertEquals("a, \"quoted\"", rows.get(1).text());
    assertArrayEquals(new int[] {1, 2}, rows.get(0).labelIds());
  }

  private static List<String> firstIds(Dataset dataset) {
    return dataset.rows().stream().limit(5).map(LabeledText::id).toList();
  }

  private static ByteArrayInputStream csv(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
