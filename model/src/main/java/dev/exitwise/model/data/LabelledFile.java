package dev.exitwise.model.data;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows of one labelled file as read, before labels become ids: each row keeps the line it starts on, so that
 * later checks (a label outside the label set, a text in two splits) can name it.
 *
 * @param source the file as the user named it
 * @param sha256 the hex sha256 of the file's bytes
 * @param rows the rows in file order
 * @param labelColumns the 0/1 label columns of a column-layout file, in file order; empty for the list layout
 */
public record LabelledFile(String source, String sha256, List<Row> rows, List<String> labelColumns) {
  public LabelledFile {
    Objects.requireNonNull(source, "source");
    rows = List.copyOf(rows);
    labelColumns = List.copyOf(labelColumns);
  }

  /**
   * One row.
   *
   * @param line the 1-based line the row starts on
   * @param id the row's id: the id field's value, or {@code <file>:<line>}
   * @param text the text, never blank
   * @param labels the label names on the row, distinct, possibly empty
   */
  public record Row(long line, String id, String text, List<String> labels) {
    public Row {
      labels = List.copyOf(labels);
    }
  }

  /** The number of rows. */
  public int size() {
    return rows.size();
  }

  /**
   * The label set this file implies: its label columns in file order for the column layout, otherwise every label
   * name that occurs, sorted.
   */
  public List<String> impliedLabels() {
    if (!labelColumns.isEmpty()) {
      return labelColumns;
    }
    Set<String> names = new TreeSet<>();
    for (Row row : rows) {
      names.addAll(row.labels());
    }
    return List.copyOf(names);
  }
}
