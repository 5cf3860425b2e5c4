package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantDataTest {
  @TempDir
  Path dir;

  /** 200 rows: label a on every 2nd, b on every 5th, rare on every 40th (5 rows), none on the rest. */
  private Path trainFile() throws IOException {
    StringBuilder csv = new StringBuilder("text,labels\n");
    for (int i = 0; i < 200; i++) {
      List<String> labels = new ArrayList<>();
      if (i % 2 == 0) {
        labels.add("a");
      }
      if (i % 5 == 0) {
        labels.add("b");
      }
      if (i % 40 == 0) {
        labels.add("rare");
      }
      csv.append("text number ").append(i).append(',').append(String.join("|", labels)).append('\n');
    }
    Path file = dir.resolve("train.csv");
    Files.writeString(file, csv);
    return file;
  }

  private TenantFiles files(Path train, Path dev, Path test, List<String> labels) {
    return new TenantFiles("t", train, dev, test, DataFormat.defaults(), labels, 0.1, 7L);
  }

  @Test
  void noDevFileCutsAStratifiedSeededShare() throws IOException {
    TenantData data = TenantData.fromFiles(files(trainFile(), null, null, null));
    assertEquals(List.of("a", "b", "rare"), data.labels());
    assertEquals(200, data.train().size() + data.dev().size());
    assertEquals(20, data.dev().size(), "10 % of the rows");
    int a = data.dev().labelFrequencies()[0];
    int b = data.dev().labelFrequencies()[1];
    assertTrue(a >= 9 && a <= 11, "about half the dev rows carry a, as in the file: " + a);
    assertTrue(b >= 3 && b <= 5, "about a fifth carry b: " + b);
    assertEquals(new DataRecord.DevCut(0.1, 7L, 20), data.record().devCut());
    assertNull(data.record().dev());
    Set<String> devTexts = new HashSet<>(data.dev().texts());
    assertTrue(data.train().texts().stream().noneMatch(devTexts::contains), "no row in both");
    TenantData again = TenantData.fromFiles(files(trainFile(), null, null, null));
    assertEquals(data.dev().texts(), again.dev().texts(), "the same seed cuts the same rows");
  }

  @Test
  void rareLabelsAndSharedTextsAreWarnings() throws IOException {
    Path dev = dir.resolve("dev.csv");
    Files.writeString(dev, "text,labels\ntext number 3,\nsomething new,a|b\n");
    TenantData data = TenantData.fromFiles(files(trainFile(), dev, null, null));
    String warnings = String.join("\n", data.warnings());
    assertTrue(warnings.contains("label 'rare' has 5 positive rows in " + dir.resolve("train.csv") + ": fewer than"
        + " 10 are too few to learn it"), warnings);
    assertTrue(warnings.contains("label 'rare' has 0 positive rows in " + dev + ": fewer than 5 are too few to"
        + " calibrate its threshold"), warnings);
    assertTrue(warnings.contains("1 texts of " + dev + " also occur in " + dir.resolve("train.csv")), warnings);
  }

  @Test
  void aLabelOutsideTheGivenSetNamesFileLineAndSet() throws IOException {
    DataFileException e = assertThrows(DataFileException.class,
        () -> TenantData.fromFiles(files(trainFile(), null, null, List.of("a", "b"))));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().endsWith("line 2: label 'rare' is not in the label set given with --labels: [a, b]"),
        e.getMessage());
  }

  @Test
  void aTestLabelTheTrainingFileNeverHadIsAnError() throws IOException {
    Path test = dir.resolve("test.jsonl");
    Files.writeString(test, "{\"text\": \"x\", \"labels\": [\"a\"]}\n{\"text\": \"y\", \"labels\": [\"zebra\"]}\n");
    DataFileException e = assertThrows(DataFileException.class,
        () -> TenantData.fromFiles(files(trainFile(), null, test, null)));
    assertTrue(e.getMessage().startsWith(test + " line 2: label 'zebra' is not in the labels of "), e.getMessage());
  }

  @Test
  void aTrainingFileWithNoLabelAtAllIsAnError() throws IOException {
    Path train = dir.resolve("none.csv");
    Files.writeString(train, "text,labels\nx,\ny,\n");
    DataFileException e = assertThrows(DataFileException.class,
        () -> TenantData.fromFiles(files(train, null, null, null)));
    assertTrue(e.getMessage().endsWith("no row has a label, so there is nothing to learn"), e.getMessage());
  }

  @Test
  void recordedSplitsReadBackTheSameRows() throws IOException {
    Path test = dir.resolve("test.csv");
    Files.writeString(test, "text,labels\nheld out,b\n");
    TenantData data = TenantData.fromFiles(files(trainFile(), null, test, null));
    assertEquals(data.dev().rows(), RecordedData.load("t", data.labels(), data.record(), Split.DEV).rows());
    assertEquals(data.train().rows(), RecordedData.load("t", data.labels(), data.record(), Split.TRAIN).rows());
    assertEquals(data.test().rows(), RecordedData.load("t", data.labels(), data.record(), Split.TEST).rows());
    TenantData noTest = TenantData.fromFiles(files(trainFile(), null, null, null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecordedData.load("t", noTest.labels(), noTest.record(), Split.TEST));
    assertTrue(e.getMessage().contains("without a test file; evaluate one with 'evaluate --split test --file FILE'"), e.getMessage());
  }

  @Test
  void packagedModerationReadsThroughTheUserPath() {
    Dataset test = Datasets.load(Davidson.TENANT, Split.TEST);
    assertEquals(2_478, test.size());
    int[] positives = test.labelFrequencies();
    assertTrue(positives[0] > 100 && positives[0] < positives[1], "hateful is rarer than offensive");
    for (LabeledText row : test.rows()) {
      assertTrue(!row.hasLabel(0) || row.hasLabel(1), "every hateful row is offensive too: " + row);
    }
  }
}
