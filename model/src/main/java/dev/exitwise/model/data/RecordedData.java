package dev.exitwise.model.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a split of a trained tenant back from the {@link DataRecord} its manifest keeps, so that {@code calibrate}
 * and {@code evaluate} see the rows {@code train} saw without the user naming the files again. A file that has
 * changed since (another sha256) is read with a warning; a dev split cut from the training file is cut again the
 * same way.
 */
public final class RecordedData {
  private static final Logger LOG = LoggerFactory.getLogger(RecordedData.class);

  /** How a user names a file in place of a recorded one, for the messages. */
  private static final String FILE_OPTIONS = "'calibrate --dev FILE' or 'evaluate --file FILE'";

  private RecordedData() {}

  /**
   * One split of a tenant.
   *
   * @param tenant the tenant
   * @param labels the tenant's label set, in the model's order
   * @param record the manifest's data record, or null for a tenant trained before records existed (read from the
   *     packaged data set of that name)
   * @throws IllegalArgumentException when the record has no such split (no test file was given) or a recorded file
   *     is gone; the message says which options name a file instead
   * @throws DataFileException for bad data
   */
  public static Dataset load(String tenant, List<String> labels, DataRecord record, Split split) {
    if (record == null || record.isPackaged()) {
      return Datasets.load(record == null ? tenant : record.packaged(), split);
    }
    return switch (split) {
      case TEST -> {
        if (record.test() == null) {
          throw new IllegalArgumentException("tenant '" + tenant + "' was trained without a test file; evaluate"
              + " one with 'evaluate --split test --file FILE'");
        }
        yield read(tenant, labels, record, Split.TEST);
      }
      case DEV -> record.dev() != null ? read(tenant, labels, record, Split.DEV) : recut(tenant, labels, record).get(1);
      case TRAIN -> record.dev() != null ? read(tenant, labels, record, Split.TRAIN)
          : recut(tenant, labels, record).get(0);
    };
  }

  /**
   * A file the user names in place of a recorded one, in the recorded layout (or the default one).
   *
   * @throws DataFileException for bad data, a label outside the tenant's labels included
   */
  public static Dataset fromFile(String tenant, List<String> labels, Path file, DataFormat format) {
    return TenantData.toDataset(tenant, labels, LabelledFiles.read(file, format), "the labels of tenant '" + tenant
        + "'");
  }

  private static List<Dataset> recut(String tenant, List<String> labels, DataRecord record) {
    Dataset train = read(tenant, labels, record, Split.TRAIN);
    List<Dataset> parts = TenantData.cutDev(train, record.devCut().fraction(), record.devCut().seed());
    if (parts.get(1).size() != record.devCut().rows()) {
      LOG.warn("tenant '{}': the dev split cut again from {} has {} rows, not the {} it had at training time; the"
          + " training file has changed, so dev rows may have been trained on", tenant, record.train().file(),
          parts.get(1).size(), record.devCut().rows());
    }
    return parts;
  }

  /** Reads the file the record keeps for {@code split}, or the packaged copy of the same bytes. */
  private static Dataset read(String tenant, List<String> labels, DataRecord record, Split split) {
    DataRecord.FileRecord file = switch (split) {
      case TEST -> record.test();
      case DEV -> record.dev();
      case TRAIN -> record.train();
    };
    Path path = Path.of(file.file());
    if (!Files.isRegularFile(path) && Davidson.TENANT.equals(tenant)
        && Davidson.sha256(split).equals(file.sha256())) {
      LOG.info("tenant '{}': {} is not here; reading the same bytes packaged in exitwise", tenant, file.file());
      return Davidson.load(split);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("tenant '" + tenant + "' was trained from " + file.file() + ", which is not"
          + " there now (relative paths are read from the working directory); name a file with " + FILE_OPTIONS);
    }
    String sha256 = LabelledFiles.sha256(path);
    if (!sha256.equals(file.sha256())) {
      LOG.warn("tenant '{}': {} has changed since training (sha256 {} then, {} now)", tenant, file.file(),
          file.sha256(), sha256);
    }
    return fromFile(tenant, labels, path, record.format());
  }
}
