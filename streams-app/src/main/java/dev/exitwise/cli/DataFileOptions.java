package dev.exitwise.cli;

import dev.exitwise.model.data.DataFormat;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The layout of a user's labelled files ({@code train}, {@code calibrate --dev}, {@code evaluate --test}): where the
 * text and the labels are. Unset options take the defaults of {@link DataFormat#defaults()}, or, in {@code calibrate}
 * and {@code evaluate}, the layout the tenant was trained from.
 */
final class DataFileOptions {
  @Option(names = "--text-field", paramLabel = "NAME",
      description = "JSONL field or CSV/TSV column holding the text (default: " + DataFormat.DEFAULT_TEXT_FIELD + ").")
  String textField;

  @Option(names = "--labels-field", paramLabel = "NAME",
      description = "JSONL field (a list of label names) or CSV/TSV column (names joined by the delimiter) holding the"
          + " labels (default: " + DataFormat.DEFAULT_LABELS_FIELD + ").")
  String labelsField;

  @Option(names = "--label-delimiter", paramLabel = "STRING",
      description = "What joins label names in a labels column (default: " + DataFormat.DEFAULT_LABEL_DELIMITER
          + ").")
  String labelDelimiter;

  @Option(names = "--label-columns", split = ",", paramLabel = "COLUMN",
      description = "Labels as one 0/1 column (or JSONL field) each, named here in label order, instead of a labels"
          + " column: e.g. toxic,obscene,insult.")
  List<String> labelColumns;

  @Option(names = "--id-field", paramLabel = "NAME",
      description = "Field or column holding a row id, used in messages (default: file and line).")
  String idField;

  /** Whether any layout option was given. */
  boolean given() {
    return textField != null || labelsField != null || labelDelimiter != null || labelColumns != null
        || idField != null;
  }

  /** The layout: the given options over {@code base}. */
  DataFormat over(DataFormat base) {
    return new DataFormat(textField != null ? textField : base.textField(),
        labelsField != null ? labelsField : base.labelsField(),
        labelDelimiter != null ? labelDelimiter : base.labelDelimiter(),
        labelColumns != null ? labelColumns : base.labelColumns(), idField != null ? idField : base.idField());
  }

  /** The layout: the given options over the defaults. */
  DataFormat format() {
    return over(DataFormat.defaults());
  }
}
