package dev.exitwise.model.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a tenant's data came from, as the model manifest records it: the layout, and per split the file, its row
 * count and the sha256 of its bytes; or, for the packaged data sets, the data set's name.
 *
 * @param packaged the packaged data set's name (for example {@code emotions}), or null for the user's files
 * @param format the files' layout, or null for a packaged data set
 * @param labelsGiven whether the label set was given explicitly rather than taken from the training file
 * @param train the training file
 * @param dev the dev file, or null when the dev rows were cut from the training file
 * @param devCut how the dev rows were cut from the training file, or null when a dev file was given
 * @param test the test file, or null when none was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataRecord(String packaged, DataFormat format, boolean labelsGiven, FileRecord train, FileRecord dev,
    DevCut devCut, FileRecord test) {

  /** The record of a packaged data set. */
  public static DataRecord packaged(String name, int trainRows, int devRows, Integer testRows) {
    return new DataRecord(name, null, false, new FileRecord(null, trainRows, null), new FileRecord(null, devRows, null),
        null, testRows == null ? null : new FileRecord(null, testRows, null));
  }

  /** Whether the rows come from a packaged data set rather than the user's files. */
  @JsonIgnore
  public boolean isPackaged() {
    return packaged != null;
  }

  /**
   * One file.
   *
   * @param file the path as the user gave it, or null for a packaged data set
   * @param rows how many rows were read
   * @param sha256 the hex sha256 of the file's bytes, or null for a packaged data set
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileRecord(String file, int rows, String sha256) {}

  /**
   * A dev split cut from the training file.
   *
   * @param fraction the share of the training rows that went to dev
   * @param seed the seed of the cut
   * @param rows how many rows went to dev
   */
  public record DevCut(double fraction, long seed, int rows) {}
}
