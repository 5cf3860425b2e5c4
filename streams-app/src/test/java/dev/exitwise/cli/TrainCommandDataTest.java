package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} with bad data, as a user meets it: every case fails before a model is loaded, exits with 2 and prints
 * one line naming the file, the line and the problem.
 */
class TrainCommandDataTest {
  @TempDir
  Path dir;

  private CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());

  private String fails(String fileName, String content, String... extra) throws IOException {
    Path file = dir.resolve(fileName);
    Files.writeString(file, content);
    String[] args = new String[4 + 2 + extra.length];
    args[0] = "train";
    args[1] = "--output";
    args[2] = dir.resolve("model").toString();
    args[3] = "--tenant=t";
    args[4] = "--train";
    args[5] = file.toString();
    System.arraycopy(extra, 0, args, 6, extra.length);
    cli = new CapturedCommandLine(Wiring.production());
    assertEquals(Exitwise.USAGE_ERROR, cli.execute(args), cli.err());
    assertFalse(Files.exists(dir.resolve("model")), "nothing is written");
    String line = cli.err().strip();
    assertEquals(1, line.lines().count(), "one line: " + line);
    return line;
  }

  @Test
  void anUnparseableLine() throws IOException {
    String error = fails("a.jsonl", "{\"text\": \"fine\", \"labels\": [\"x\"]}\n{\"text\": \"oops\"\n");
    assertTrue(error.contains("bad data: " + dir.resolve("a.jsonl") + " line 2: not a JSON object"), error);
  }

  @Test
  void aMissingText() throws IOException {
    String error = fails("a.jsonl", "{\"text\": \"fine\", \"labels\": [\"x\"]}\n{\"body\": \"x\", \"labels\": []}\n");
    assertTrue(error.contains(dir.resolve("a.jsonl") + " line 2: no text field 'text' (fields: [body, labels]"),
        error);
  }

  @Test
  void anEmptyText() throws IOException {
    String error = fails("a.csv", "text,labels\nfine,x\n\"\",x\n");
    assertTrue(error.contains(dir.resolve("a.csv") + " line 3: empty text in 'text'"), error);
  }

  @Test
  void aLabelOutsideTheGivenLabelSet() throws IOException {
    String error = fails("a.tsv", "text\tlabels\nfine\tx\nnot fine\tx|zebra\n", "--labels", "x,y");
    assertTrue(error.contains(dir.resolve("a.tsv") + " line 3: label 'zebra' is not in the label set given with"
        + " --labels: [x, y]"), error);
  }

  @Test
  void anEmptyFile() throws IOException {
    String error = fails("a.csv", "");
    assertTrue(error.contains(dir.resolve("a.csv") + ": the file is empty"), error);
    String headerOnly = fails("b.jsonl", "\n");
    assertTrue(headerOnly.contains(dir.resolve("b.jsonl") + ": the file has no rows"), headerOnly);
  }

  @Test
  void aLabelColumnThatIsNotZeroOrOne() throws IOException {
    String error = fails("toxic.csv", "id,comment_text,toxic,insult\n1,hello,0,0\n2,\"you, fool\",1,yes\n",
        "--text-field", "comment_text", "--label-columns", "toxic,insult");
    assertTrue(error.contains(dir.resolve("toxic.csv") + " line 3: label column 'insult' holds 'yes', not 0 or 1"),
        error);
  }

  @Test
  void anUnknownFileType() throws IOException {
    String error = fails("a.xlsx", "whatever");
    assertTrue(error.contains("unknown file type; exitwise reads .jsonl (or .ndjson), .csv and .tsv"), error);
  }

  @Test
  void aBadDevFileFailsToo() throws IOException {
    Path dev = dir.resolve("dev.csv");
    Files.writeString(dev, "text,labels\nfine,unheard-of\n");
    String error = fails("a.csv", "text,labels\nfine,x\n", "--dev", dev.toString());
    assertTrue(error.contains(dev + " line 2: label 'unheard-of' is not in the labels of " + dir.resolve("a.csv")),
        error);
  }

  @Test
  void aTenantNameThatCannotBeAFileName() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("train", "--output", dir.toString(), "--tenant", "../x",
        "--train", "t.csv"));
    assertTrue(cli.err().contains("tenant name '../x' is not allowed"), cli.err());
  }

  @Test
  void dataOptionsNeedFiles() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("train", "--output", dir.toString(), "--tenants", "emotions",
        "--labels", "a"));
    assertTrue(cli.err().contains("--labels and the file layout options go with --train FILE"), cli.err());
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("train", "--output", dir.toString()));
    assertTrue(cli.err().contains("--tenant"), cli.err());
  }
}
