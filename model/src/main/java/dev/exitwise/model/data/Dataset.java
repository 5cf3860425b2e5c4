package dev.exitwise.model.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One split of one tenant's labelled data.
 *
 * @param name the tenant that this data trains, for example {@code emotions} or {@code moderation}
 * @param labels the label names; a label's id is its index in this list
 * @param rows the rows in their source order
 */
public record Dataset(String name, List<String> labels, List<LabeledText> rows) {
  public Dataset {
    Objects.requireNonNull(name, "name");
    labels = List.copyOf(labels);
    rows = List.copyOf(rows);
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException("duplicate label names in " + labels);
    }
    for (LabeledText row : rows) {
      int[] ids = row.labelIds();
      if (ids.length > 0 && ids[ids.length - 1] >= labels.size()) {
        throw new IllegalArgumentException(
            "row " + row.id() + " has label id " + ids[ids.length - 1] + " but " + name + " has "
                + labels.size() + " labels");
      }
    }
  }

  /** The number of rows. */
  public int size() {
    return rows.size();
  }

  /** The number of labels. */
  public int labelCount() {
    return labels.size();
  }

  /**
   * The id of a label name.
   *
   * @throws IllegalArgumentException when the data set has no such label
   */
  public int labelId(String label) {
    int id = labels.indexOf(label);
    if (id < 0) {
      throw new IllegalArgumentException("data set " + name + " has no label '" + label + "'; labels: " + labels);
    }
    return id;
  }

  /** The texts in row order. */
  public List<String> texts() {
    List<String> texts = new ArrayList<>(rows.size());
    for (LabeledText row : rows) {
      texts.add(row.text());
    }
    return texts;
  }

  /** The gold labels as multi-hot training targets, {@code [rows][labels]}, 1 for a gold label and 0 otherwise. */
  public float[][] labelMatrix() {
    float[][] matrix = new float[rows.size()][];
    for (int i = 0; i < matrix.length; i++) {
      matrix[i] = rows.get(i).multiHot(labels.size());
    }
    return matrix;
  }

  /** The gold labels as the {@code [rows][labels]} booleans that the metrics in {@code model.eval} take. */
  public boolean[][] goldMatrix() {
    boolean[][] matrix = new boolean[rows.size()][labels.size()];
    for (int i = 0; i < matrix.length; i++) {
      for (int labelId : rows.get(i).labelIds()) {
        matrix[i][labelId] = true;
      }
    }
    return matrix;
  }

  /** How many rows carry each label, indexed by label id. */
  public int[] labelFrequencies() {
    int[] counts = new int[labels.size()];
    for (LabeledText row : rows) {
      for (int labelId : row.labelIds()) {
        counts[labelId]++;
      }
    }
    return counts;
  }

  /**
   * The first rows, for small fixed slices in tests and smoke runs.
   *
   * @param count how many rows to keep; more than {@link #size()} keeps them all
   */
  public Dataset head(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    return new Dataset(name, labels, rows.subList(0, Math.min(count, rows.size())));
  }
}
