package dev.exitwise.model.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Davidson et al. (ICWSM 2017), "Automated Hate Speech Detection and the Problem of Offensive Language": 24,783
 * tweets, each with the class most of its annotators chose. Tenant {@code moderation}, labels {@code hateful} and
 * {@code offensive}.
 *
 * <p>The files {@code /datasets/davidson/{train,dev,test}.csv} on the classpath are ordinary user files in the
 * default layout ({@code text} column, {@code labels} column joined by {@code |}), read by {@link LabelledFiles}
 * exactly as {@code train --train FILE} reads them; {@code tools/davidson/prepare.py} made them from the
 * authors' {@code labeled_data.csv} and says how (nested labels: hate speech is {@code hateful|offensive},
 * offensive language {@code offensive}, neither no label; a 80/10/10 split stratified by class).
 */
public final class Davidson {
  /** The tenant name that this data set trains. */
  public static final String TENANT = "moderation";

  /** The two labels in label-id order (the sorted names, as a training file implies them). */
  public static final List<String> LABELS = List.of("hateful", "offensive");

  private static final String FOLDER = "/datasets/davidson/";

  private Davidson() {}

  /** The hex sha256 of a split's packaged file: the same bytes as the file in the source tree. */
  public static String sha256(Split split) {
    String path = FOLDER + split.fileName() + ".csv";
    try (InputStream in = ClasspathData.open(path)) {
      return LabelledFiles.sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Loads one split.
   *
   * @throws IllegalStateException when the packaged file is missing or malformed
   */
  public static Dataset load(Split split) {
    String path = FOLDER + split.fileName() + ".csv";
    try (InputStream in = ClasspathData.open(path)) {
      LabelledFile file = LabelledFiles.read(in, path, DataFormat.FileType.CSV, DataFormat.defaults());
      return TenantData.toDataset(TENANT, LABELS, file, "the moderation labels");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    } catch (DataFileException e) {
      throw new IllegalStateException("packaged data is malformed: " + e.getMessage(), e);
    }
  }
}
