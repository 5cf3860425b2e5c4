package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFilesTest {
  @TempDir
  Path dir;

  private Path file(String name, String content) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return path;
  }

  private LabelledFile read(String name, String content) throws IOException {
    return LabelledFiles.read(file(name, content), DataFormat.defaults());
  }

  private DataFileException failure(String name, String content, DataFormat format) throws IOException {
    Path path = file(name, content);
    return assertThrows(DataFileException.class, () -> LabelledFiles.read(path, format));
  }

  @Test
  void jsonlListsAndEmptyListsAndBlankLines() throws IOException {
    LabelledFile file = read("a.jsonl", """
        {"text": "I love it", "labels": ["joy", "love"]}

        {"text": "meh", "labels": []}
        {"text": "odd", "labels": "surprise|joy", "extra": 3}
        """);
    assertEquals(3, file.size());
    assertEquals(List.of("joy", "love"), file.rows().get(0).labels());
    assertEquals(List.of(), file.rows().get(1).labels());
    assertEquals(3, file.rows().get(1).line(), "the blank line still counts");
    assertEquals(List.of("surprise", "joy"), file.rows().get(2).labels());
    assertEquals(List.of("joy", "love", "surprise"), file.impliedLabels(), "sorted, distinct");
    assertEquals(64, file.sha256().length());
  }

  @Test
  void csvQuotesKeepCommasQuotesAndNewlinesInsideAField() throws IOException {
    LabelledFile file = read("a.csv", "\uFEFFtext,labels\n"
        + "\"one, two\",a|b\n"
        + "\"she said \"\"no\"\"\nand left\", b \n"
        + "plain,\n");
    assertEquals(3, file.size());
    assertEquals("one, two", file.rows().get(0).text());
    assertEquals("she said \"no\"\nand left", file.rows().get(1).text());
    assertEquals(3, file.rows().get(1).line());
    assertEquals(List.of("b"), file.rows().get(1).labels(), "names are stripped");
    assertEquals(5, file.rows().get(2).line(), "the line after a two-line field");
    assertEquals(List.of(), file.rows().get(2).labels(), "an empty cell is a row with no label");
  }

  @Test
  void tsvWithAnotherDelimiterAndIdColumn() throws IOException {
    Path path = file("a.tsv", "id\tsentence\ttags\nr1\thello there\tgreet;polite\nr2\tbye\t\n");
    LabelledFile file = LabelledFiles.read(path, new DataFormat("sentence", "tags", ";", List.of(), "id"));
    assertEquals("r1", file.rows().get(0).id());
    assertEquals(List.of("greet", "polite"), file.rows().get(0).labels());
  }

  @Test
  void zeroOneColumnsInTheirOrder() throws IOException {
    Path path = file("toxic.csv", "id,comment_text,toxic,insult,threat\n1,\"you, fool\",1,1,0\n2,nice,0,0,0\n");
    DataFormat format = new DataFormat("comment_text", "labels", "|", List.of("toxic", "threat", "insult"), null);
    LabelledFile file = LabelledFiles.read(path, format);
    assertEquals(List.of("toxic", "insult"), file.rows().get(0).labels());
    assertEquals(List.of("toxic", "threat", "insult"), file.impliedLabels(), "the columns as named");
  }

  @Test
  void unparseableJsonLineNamesFileAndLine() throws IOException {
    DataFileException e = failure("b.jsonl", "{\"text\": \"ok\", \"labels\": []}\n{\"text\": \"x\", labels: []}\n",
        DataFormat.defaults());
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith(dir.resolve("b.jsonl") + " line 2: not a JSON object"), e.getMessage());
  }

  @Test
  void aJsonValueThatIsNotAnObject() throws IOException {
    DataFileException e = failure("b.jsonl", "[\"text\"]\n", DataFormat.defaults());
    assertTrue(e.getMessage().endsWith("line 1: not a JSON object"), e.getMessage());
  }

  @Test
  void missingTextFieldListsTheFields() throws IOException {
    DataFileException e = failure("b.jsonl", "{\"body\": \"x\", \"labels\": []}\n", DataFormat.defaults());
    assertTrue(e.getMessage().contains("line 1: no text field 'text' (fields: [body, labels]"), e.getMessage());
  }

  @Test
  void emptyTextIsAnError() throws IOException {
    DataFileException e = failure("b.csv", "text,labels\nfine,a\n\"  \",a\n", DataFormat.defaults());
    assertTrue(e.getMessage().endsWith("line 3: empty text in 'text'"), e.getMessage());
  }

  @Test
  void missingColumnsNameTheHeaderAndTheOption() throws IOException {
    DataFileException text = failure("b.csv", "comment,labels\nx,a\n", DataFormat.defaults());
    assertTrue(text.getMessage().contains("no text column 'text' in the header (columns: [comment, labels];"
        + " choose with --text-field)"), text.getMessage());
    DataFileException labels = failure("c.csv", "text,tags\nx,a\n", DataFormat.defaults());
    assertTrue(labels.getMessage().contains("no labels column 'labels'"), labels.getMessage());
  }

  @Test
  void aRowWithTooManyFieldsIsAnError() throws IOException {
    DataFileException e = failure("b.csv", "text,labels\na, b, c\n", DataFormat.defaults());
    assertTrue(e.getMessage().contains("line 2: has 3 fields where the header has 2"), e.getMessage());
  }

  @Test
  void aQuoteLeftOpenIsAnError() throws IOException {
    DataFileException e = failure("b.csv", "text,labels\n\"never closed,a\n", DataFormat.defaults());
    assertTrue(e.getMessage().contains("cannot be parsed"), e.getMessage());
  }

  @Test
  void emptyFilesAreErrors() throws IOException {
    assertTrue(failure("e.csv", "", DataFormat.defaults()).getMessage().endsWith("the file is empty; it needs a"
        + " header row and at least one row"));
    assertTrue(failure("h.csv", "text,labels\n", DataFormat.defaults()).getMessage().endsWith(": the file has no"
        + " rows"));
    assertTrue(failure("e.jsonl", "\n\n", DataFormat.defaults()).getMessage().endsWith(": the file has no rows"));
  }

  @Test
  void aLabelColumnThatIsNotZeroOrOne() throws IOException {
    DataFormat format = new DataFormat("text", "labels", "|", List.of("toxic"), null);
    DataFileException e = failure("t.csv", "text,toxic\nfine,0\nbad,-1\n", format);
    assertTrue(e.getMessage().endsWith("line 3: label column 'toxic' holds '-1', not 0 or 1"), e.getMessage());
  }

  @Test
  void unknownExtensionAndMissingFile() {
    DataFileException type = assertThrows(DataFileException.class,
        () -> LabelledFiles.read(dir.resolve("data.xlsx"), DataFormat.defaults()));
    assertTrue(type.getMessage().contains("unknown file type"), type.getMessage());
    DataFileException missing = assertThrows(DataFileException.class,
        () -> LabelledFiles.read(dir.resolve("nope.csv"), DataFormat.defaults()));
    assertTrue(missing.getMessage().endsWith("nope.csv: no such file"), missing.getMessage());
  }

  @Test
  void notUtf8() throws IOException {
    Path path = dir.resolve("latin1.csv");
    Files.write(path, "text,labels\ncaf\u00e9,a\n".getBytes(StandardCharsets.ISO_8859_1));
    DataFileException e = assertThrows(DataFileException.class, () -> LabelledFiles.read(path,
        DataFormat.defaults()));
    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }
}
