package dev.exitwise.model.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One text and its gold labels.
 *
 * <p>Labels are held as a sorted array of distinct label ids (indices into {@link Dataset#labels()}): data
 * sets are sparse (GoEmotions averages 1.2 of 28 labels a row), and ids read naturally in tests and logs. Use
 * {@link #multiHot(int)} or {@link Dataset#labelMatrix()} for the dense form that training needs. The array
 * is copied in and out, so an instance is immutable.
 *
 * @param id the row's identifier in its source (GoEmotions comment id, a file's id column, or file and line)
 * @param text the text as read, never {@code null}
 * @param labelIds sorted, distinct, non-negative label ids; may be empty
 */
public record LabeledText(String id, String text, int[] labelIds) {
  public LabeledText {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    labelIds = Arrays.stream(labelIds).sorted().distinct().toArray();
    if (labelIds.length > 0 && labelIds[0] < 0) {
      throw new IllegalArgumentException("negative label id " + labelIds[0] + " in row " + id);
    }
  }

  /** A copy of the sorted, distinct label ids. */
  @Override
  public int[] labelIds() {
    return labelIds.clone();
  }

  /** Whether this row carries the label with the given id. */
  public boolean hasLabel(int labelId) {
    return Arrays.binarySearch(labelIds, labelId) >= 0;
  }

  /** The number of labels on this row. */
  public int labelCount() {
    return labelIds.length;
  }

  /**
   * The labels as a multi-hot vector (1 for a gold label, 0 otherwise).
   *
   * @param labelCount the length of the vector, the data set's number of labels
   * @throws IllegalArgumentException when a label id is not below {@code labelCount}
   */
  public float[] multiHot(int labelCount) {
    float[] vector = new float[labelCount];
    for (int labelId : labelIds) {
      if (labelId >= labelCount) {
        throw new IllegalArgumentException("label id " + labelId + " of row " + id + " >= " + labelCount);
      }
      vector[labelId] = 1f;
    }
    return vector;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabeledText that
        && id.equals(that.id)
        && text.equals(that.text)
        && Arrays.equals(labelIds, that.labelIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, text, Arrays.hashCode(labelIds));
  }

  @Override
  public String toString() {
    return "LabeledText[id=" + id + ", labelIds=" + Arrays.toString(labelIds) + ", text=" + text + "]";
  }
}
