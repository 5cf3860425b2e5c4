package dev.exitwise.model.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A small table of strings rendered for a terminal (space-aligned) or as a GitHub markdown table. Columns whose
 * body cells are all numbers (optionally signed, with a unit suffix such as {@code %}, {@code x} or {@code ms})
 * are right-aligned; others are left-aligned. Empty cells and the placeholders {@code -} and {@code n/a} do not
 * count either way.
 *
 * @param header the column titles
 * @param rows the body rows, each as wide as the header
 */
public record TextTable(List<String> header, List<List<String>> rows) {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d[\\d,_]*)?(\\.\\d+)?([eE][-+]?\\d+)?\\s?(%|x|×|ms|us|µs|s|/s)?");
  // cells that say "no value" and so do not decide a column's alignment
  private static final List<String> PLACEHOLDERS = List.of("", "-", "—", "n/a");

  public TextTable {
    header = List.copyOf(header);
    List<List<String>> copies = new ArrayList<>();
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells; header has " + header.size());
      }
      copies.add(List.copyOf(row));
    }
    rows = List.copyOf(copies);
  }

  /** Starts a table with these column titles. */
  public static Builder builder(String... header) {
    return new Builder(List.of(header));
  }

  /** Formats a number with a fixed number of decimals, independent of the default locale. */
  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** The table for a terminal: columns padded to width, two spaces apart, the header underlined with dashes. */
  public String terminal() {
    int[] widths = widths();
    boolean[] right = rightAligned();
    StringBuilder text = new StringBuilder();
    appendTerminalRow(text, header, widths, right);
    List<String> rules = new ArrayList<>();
    for (int width : widths) {
      rules.add("-".repeat(width));
    }
    appendTerminalRow(text, rules, widths, right);
    for (List<String> row : rows) {
      appendTerminalRow(text, row, widths, right);
    }
    return text.toString();
  }

  /** The table in GitHub markdown, numeric columns marked right-aligned, {@code |} in cells escaped. */
  public String markdown() {
    boolean[] right = rightAligned();
    StringBuilder text = new StringBuilder();
    appendMarkdownRow(text, header);
    List<String> rules = new ArrayList<>();
    for (boolean isRight : right) {
      rules.add(isRight ? "---:" : "---");
    }
    text.append("| ").append(String.join(" | ", rules)).append(" |\n");
    for (List<String> row : rows) {
      appendMarkdownRow(text, row);
    }
    return text.toString();
  }

  private int[] widths() {
    int[] widths = new int[header.size()];
    for (int column = 0; column < widths.length; column++) {
      widths[column] = header.get(column).length();
      for (List<String> row : rows) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    return widths;
  }

  private boolean[] rightAligned() {
    boolean[] right = new boolean[header.size()];
    Arrays.fill(right, !rows.isEmpty());
    for (List<String> row : rows) {
      for (int column = 0; column < right.length; column++) {
        String cell = row.get(column).strip();
        boolean number = NUMBER.matcher(cell).matches() && cell.chars().anyMatch(Character::isDigit);
        right[column] &= number || PLACEHOLDERS.contains(cell);
      }
    }
    return right;
  }

  private static void appendTerminalRow(StringBuilder text, List<String> cells, int[] widths, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int column = 0; column < cells.size(); column++) {
      if (column > 0) {
        line.append("  ");
      }
      String cell = cells.get(column);
      String padding = " ".repeat(widths[column] - cell.length());
      line.append(right[column] ? padding + cell : cell + padding);
    }
    text.append(line.toString().stripTrailing()).append('\n');
  }

  private static void appendMarkdownRow(StringBuilder text, List<String> cells) {
    text.append("| ");
    text.append(String.join(" | ", cells.stream().map(cell -> cell.replace("|", "\\|")).toList()));
    text.append(" |\n");
  }

  /** Collects rows; {@link #build()} makes the immutable table. */
  public static final class Builder {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    private Builder(List<String> header) {
      this.header = header;
    }

    /**
     * Adds a row; each cell is rendered with {@link String#valueOf(Object)}.
     *
     * @throws IllegalArgumentException when the row is not as wide as the header
     */
    public Builder row(Object... cells) {
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(
            "row " + Arrays.toString(cells) + " has " + cells.length + " cells; header has " + header.size());
      }
      rows.add(Arrays.stream(cells).map(String::valueOf).toList());
      return this;
    }

    /** The table of the rows added so far. */
    public TextTable build() {
      return new TextTable(header, rows);
    }
  }
}
