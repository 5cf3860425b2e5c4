package dev.exitwise.model.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * GoEmotions (Demszky et al., ACL 2020), the simplified rater-agreement version with its official
 * train/dev/test split: Reddit comments with any of 27 emotions or {@code neutral}. Tenant {@code emotions}.
 *
 * <p>The files are {@code /datasets/goemotions/{train,dev,test}.tsv} and {@code emotions.txt} on the classpath
 * (see {@code SOURCE.md} beside them). Each TSV row is {@code text<TAB>label ids joined by ','<TAB>comment id},
 * with no header. The text column uses CSV quoting: a text that starts with {@code "} is enclosed in quotes
 * and has its inner quotes doubled, so the files are read as CSV with a tab delimiter; splitting on tabs
 * would leave the quotes in the text.
 */
public final class GoEmotions {
  /** The tenant name that this data set trains. */
  public static final String TENANT = "emotions";

  private static final String FOLDER = "/datasets/goemotions/";
  private static final CSVFormat TSV =
      CSVFormat.DEFAULT.builder().setDelimiter('\t').setQuote('"').setIgnoreEmptyLines(false).get();

  private GoEmotions() {}

  /** The 28 label names in {@code emotions.txt} order (admiration ... surprise, then neutral as id 27). */
  public static List<String> labels() {
    try (BufferedReader reader = reader(ClasspathData.open(FOLDER + "emotions.txt"))) {
      return reader.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FOLDER + "emotions.txt", e);
    }
  }

  /**
   * Loads one official split, rows in file order.
   *
   * @throws IllegalStateException when the packaged file is missing or malformed
   */
  public static Dataset load(Split split) {
    String path = FOLDER + split.fileName() + ".tsv";
    try (Reader reader = reader(ClasspathData.open(path))) {
      List<String> labels = labels();
      return new Dataset(TENANT, labels, parse(reader, labels.size(), path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Parses GoEmotions TSV rows.
   *
   * @param source names the input in error messages
   * @throws IllegalStateException on a row without exactly 3 fields or with a label id outside [0, labelCount)
   */
  static List<LabeledText> parse(Reader tsv, int labelCount, String source) throws IOException {
    List<LabeledText> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.builder().setReader(tsv).setFormat(TSV).get()) {
      for (CSVRecord record : parser) {
        if (record.size() != 3) {
          throw new IllegalStateException(
              source + " record " + record.getRecordNumber() + ": expected 3 tab-separated fields, got "
                  + record.size());
        }
        rows.add(new LabeledText(record.get(2), record.get(0), labelIds(record.get(1), labelCount, source)));
      }
    }
    return rows;
  }

  private static int[] labelIds(String field, int labelCount, String source) {
    String[] parts = field.split(",");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalStateException(source + ": label field '" + field + "' is not a list of ids", e);
      }
      if (ids[i] < 0 || ids[i] >= labelCount) {
        throw new IllegalStateException(source + ": label id " + ids[i] + " outside [0, " + labelCount + ")");
      }
    }
    return ids;
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
