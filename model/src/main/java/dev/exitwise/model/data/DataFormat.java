package dev.exitwise.model.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a tenant's labelled files are laid out. The file type follows the extension ({@link FileType#of}); the
 * fields say where the text and the labels are.
 *
 * <p>Two label layouts:
 *
 * <ul>
 *   <li><b>a list</b> (the default): JSONL objects carry a list of label names in {@code labelsField} (an empty list
 *       is a row with no label); CSV and TSV rows carry the names in one column, joined by {@code labelDelimiter}
 *       (an empty cell is a row with no label);
 *   <li><b>one 0/1 column per label</b> ({@code labelColumns} not empty): the layout of Kaggle-style toxicity data.
 *       The column names are the label names.
 * </ul>
 *
 * @param textField the JSON field or column holding the text
 * @param labelsField the JSON field or column holding the list of labels (ignored with {@code labelColumns})
 * @param labelDelimiter what joins the label names in a CSV or TSV cell
 * @param labelColumns the 0/1 label columns, in label order; empty for the list layout
 * @param idField the field or column holding a row id, or null to name rows by file and line
 */
public record DataFormat(
    String textField, String labelsField, String labelDelimiter, List<String> labelColumns, String idField) {

  /** The default text field. */
  public static final String DEFAULT_TEXT_FIELD = "text";
  /** The default labels field. */
  public static final String DEFAULT_LABELS_FIELD = "labels";
  /** The default delimiter of a labels cell. */
  public static final String DEFAULT_LABEL_DELIMITER = "|";

  public DataFormat {
    requireName(textField, "text field");
    requireName(labelsField, "labels field");
    Objects.requireNonNull(labelDelimiter, "labelDelimiter");
    if (labelDelimiter.isEmpty()) {
      throw new IllegalArgumentException("the label delimiter must not be empty");
    }
    labelColumns = labelColumns == null ? List.of() : List.copyOf(labelColumns);
    if (labelColumns.contains(textField)) {
      throw new IllegalArgumentException("the text column '" + textField + "' cannot also be a label column");
    }
  }

  /** Text in {@code text}, labels as a list in {@code labels} joined by {@code |}, no id field. */
  public static DataFormat defaults() {
    return new DataFormat(DEFAULT_TEXT_FIELD, DEFAULT_LABELS_FIELD, DEFAULT_LABEL_DELIMITER, List.of(), null);
  }

  /** Whether labels come as one 0/1 column each. */
  public boolean columnLayout() {
    return !labelColumns.isEmpty();
  }

  private static void requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the " + what + " must not be empty");
    }
  }

  /** The file types exitwise reads, told apart by extension. */
  public enum FileType {
    /** One JSON object per line ({@code .jsonl}, {@code .ndjson}). */
    JSONL,
    /** Comma-separated with a header row and RFC 4180 quoting ({@code .csv}). */
    CSV,
    /** Tab-separated with a header row, quotes as in CSV ({@code .tsv}, {@code .tab}). */
    TSV;

    /** What is wrong with any other extension. */
    public static final String UNKNOWN = "unknown file type; exitwise reads .jsonl (or .ndjson), .csv and .tsv (or"
        + " .tab) files";

    /**
     * The type of a file from its extension.
     *
     * @throws IllegalArgumentException naming the file and the extensions read, for any other extension
     */
    public static FileType of(String fileName) {
      String name = fileName.toLowerCase(Locale.ROOT);
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        return JSONL;
      }
      if (name.endsWith(".csv")) {
        return CSV;
      }
      if (name.endsWith(".tsv") || name.endsWith(".tab")) {
        return TSV;
      }
      throw new IllegalArgumentException(fileName + ": " + UNKNOWN);
    }

    /** The type of a file from its extension. */
    public static FileType of(Path file) {
      return of(String.valueOf(file.getFileName()));
    }
  }
}
