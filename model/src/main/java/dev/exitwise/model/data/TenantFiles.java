package dev.exitwise.model.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's labelled files, as a user names them on the command line.
 *
 * @param tenant the tenant the files train
 * @param train the training file
 * @param dev the dev file (calibration and model selection), or null to cut a stratified dev split from
 *     {@code train}
 * @param test the test file, or null for none
 * @param format the files' layout (the same for all three)
 * @param labels the label set, or null (or empty) to take it from the training file
 * @param devFraction the share of the training rows a cut dev split takes, in (0, 0.5]
 * @param splitSeed the seed of that cut
 */
public record TenantFiles(String tenant, Path train, Path dev, Path test, DataFormat format, List<String> labels,
    double devFraction, long splitSeed) {

  /** The share of the training rows a cut dev split takes by default. */
  public static final double DEFAULT_DEV_FRACTION = 0.1;

  public TenantFiles {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(format, "format");
    labels = labels == null ? List.of() : List.copyOf(labels);
    if (!(devFraction > 0 && devFraction <= 0.5)) {
      throw new IllegalArgumentException("the dev fraction must be in (0, 0.5], was " + devFraction);
    }
  }
}
