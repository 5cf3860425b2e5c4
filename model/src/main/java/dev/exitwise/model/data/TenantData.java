package dev.exitwise.model.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A tenant's data, read and checked before any training starts: the train, dev and (optional) test rows over one
 * label set, the record of where they came from, and warnings about data that will train poorly.
 *
 * <p>Failures ({@link DataFileException}, naming file, line and problem): a missing or unreadable file, an
 * unknown extension, an unparseable line, a missing or empty text, a label outside the label set, an empty file,
 * a label column that is not 0/1. Warnings: a label with fewer than {@value #MIN_TRAIN_POSITIVES} positive
 * training rows (too few to learn) or fewer than {@value #MIN_DEV_POSITIVES} positive dev rows (too few to
 * calibrate its threshold), and texts that occur in two splits.
 *
 * @param tenant the tenant
 * @param labels the label set; a label's id is its index
 * @param train the training rows
 * @param dev the dev rows (model selection and calibration)
 * @param test the test rows, or null
 * @param record where the rows came from, for the manifest
 * @param warnings what the checks found, one sentence each
 */
public record TenantData(String tenant, List<String> labels, Dataset train, Dataset dev, Dataset test,
    DataRecord record, List<String> warnings) {

  /** Fewer positive training rows than this and a label is reported as too rare to learn. */
  public static final int MIN_TRAIN_POSITIVES = 10;
  /** Fewer positive dev rows than this and a label is reported as too rare to calibrate. */
  public static final int MIN_DEV_POSITIVES = 5;

  public TenantData {
    labels = List.copyOf(labels);
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads and checks a tenant's files.
   *
   * @throws DataFileException for bad data, naming the file, the line and the problem
   */
  public static TenantData fromFiles(TenantFiles files) {
    LabelledFile train = LabelledFiles.read(files.train(), files.format());
    LabelledFile devFile = files.dev() == null ? null : LabelledFiles.read(files.dev(), files.format());
    LabelledFile testFile = files.test() == null ? null : LabelledFiles.read(files.test(), files.format());
    boolean given = !files.labels().isEmpty();
    List<String> labels = given ? files.labels() : train.impliedLabels();
    if (labels.isEmpty()) {
      throw new DataFileException(files.train().toString(), 0, "no row has a label, so there is nothing to learn");
    }
    String labelSource = given ? "the label set given with --labels" : "the labels of " + train.source();
    Dataset trainRows = toDataset(files.tenant(), labels, train, labelSource);
    Dataset devRows;
    DataRecord.DevCut cut = null;
    if (devFile != null) {
      devRows = toDataset(files.tenant(), labels, devFile, labelSource);
    } else {
      List<Dataset> parts = cutDev(trainRows, files.devFraction(), files.splitSeed());
      trainRows = parts.get(0);
      devRows = parts.get(1);
      cut = new DataRecord.DevCut(files.devFraction(), files.splitSeed(), devRows.size());
    }
    Dataset testRows = testFile == null ? null : toDataset(files.tenant(), labels, testFile, labelSource);
    DataRecord record = new DataRecord(null, files.format(), given,
        fileRecord(train, files.train()), devFile == null ? null : fileRecord(devFile, files.dev()), cut,
        testFile == null ? null : fileRecord(testFile, files.test()));
    List<String> warnings = new ArrayList<>();
    rareLabelWarnings(trainRows, devRows, train.source(), devFile == null ? "the dev split" : devFile.source(),
        warnings);
    Map<String, Dataset> splits = new LinkedHashMap<>();
    splits.put(train.source(), trainRows);
    splits.put(devFile == null ? "the dev split cut from " + train.source() : devFile.source(), devRows);
    if (testRows != null) {
      splits.put(testFile.source(), testRows);
    }
    overlapWarnings(splits, warnings);
    return new TenantData(files.tenant(), labels, trainRows, devRows, testRows, record, warnings);
  }

  /** A packaged data set's splits (see {@link Datasets}), with no warnings. */
  public static TenantData packaged(String tenant) {
    Dataset train = Datasets.load(tenant, Split.TRAIN);
    Dataset dev = Datasets.load(tenant, Split.DEV);
    Dataset test = Datasets.load(tenant, Split.TEST);
    return new TenantData(tenant, train.labels(), train, dev, test,
        DataRecord.packaged(tenant, train.size(), dev.size(), test.size()), List.of());
  }

  /**
   * One file's rows over a given label set.
   *
   * @param labelSource names where the label set came from, for the message when a row's label is not in it
   * @throws DataFileException naming the row's line when a label is not in the set
   */
  public static Dataset toDataset(String tenant, List<String> labels, LabelledFile file, String labelSource) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      ids.put(labels.get(i), i);
    }
    List<LabeledText> rows = new ArrayList<>(file.size());
    for (LabelledFile.Row row : file.rows()) {
      int[] labelIds = new int[row.labels().size()];
      for (int i = 0; i < labelIds.length; i++) {
        Integer id = ids.get(row.labels().get(i));
        if (id == null) {
          throw new DataFileException(file.source(), row.line(), "label '" + row.labels().get(i) + "' is not in "
              + labelSource + ": " + labels);
        }
        labelIds[i] = id;
      }
      rows.add(new LabeledText(row.id(), row.text(), labelIds));
    }
    return new Dataset(tenant, labels, rows);
  }

  /**
   * Cuts a dev split from training rows, stratified by each row's rarest label (rows with no label form a stratum
   * of their own): {@code round(fraction * rows)} dev rows, shared among the strata in proportion to their sizes
   * (largest remainder); within each stratum the rows are shuffled with {@code new Random(seed)} and the first of
   * them go to dev. Both parts keep the input's row order.
   *
   * @return the remaining training rows, then the dev rows
   */
  public static List<Dataset> cutDev(Dataset rows, double fraction, long seed) {
    int[] frequency = rows.labelFrequencies();
    Map<Integer, List<Integer>> strata = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      int rarest = -1;
      for (int label : rows.rows().get(i).labelIds()) {
        if (rarest < 0 || frequency[label] < frequency[rarest]) {
          rarest = label;
        }
      }
      strata.computeIfAbsent(rarest, key -> new ArrayList<>()).add(i);
    }
    // largest remainder: each stratum gives floor(fraction * size) rows, and the rows still missing from
    // round(fraction * total) come from the strata with the largest fractional parts (ties: stratum order)
    List<List<Integer>> groups = List.copyOf(strata.values());
    int[] take = new int[groups.size()];
    double[] remainder = new double[groups.size()];
    int taken = 0;
    for (int g = 0; g < groups.size(); g++) {
      double exact = fraction * groups.get(g).size();
      take[g] = (int) Math.floor(exact);
      remainder[g] = exact - take[g];
      taken += take[g];
    }
    Integer[] byRemainder = new Integer[groups.size()];
    for (int g = 0; g < byRemainder.length; g++) {
      byRemainder[g] = g;
    }
    java.util.Arrays.sort(byRemainder, (x, y) -> Double.compare(remainder[y], remainder[x]));
    for (int i = 0, missing = (int) Math.round(fraction * rows.size()) - taken; i < missing; i++) {
      take[byRemainder[i % byRemainder.length]]++;
    }
    Random random = new Random(seed);
    boolean[] toDev = new boolean[rows.size()];
    for (int g = 0; g < groups.size(); g++) {
      List<Integer> stratum = new ArrayList<>(groups.get(g));
      Collections.shuffle(stratum, random);
      for (int i = 0; i < take[g]; i++) {
        toDev[stratum.get(i)] = true;
      }
    }
    List<LabeledText> train = new ArrayList<>();
    List<LabeledText> dev = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      (toDev[i] ? dev : train).add(rows.rows().get(i));
    }
    return List.of(new Dataset(rows.name(), rows.labels(), train), new Dataset(rows.name(), rows.labels(), dev));
  }

  private static DataRecord.FileRecord fileRecord(LabelledFile file, Path path) {
    return new DataRecord.FileRecord(path.toString(), file.size(), file.sha256());
  }

  private static void rareLabelWarnings(Dataset train, Dataset dev, String trainName, String devName,
      List<String> warnings) {
    int[] trainCounts = train.labelFrequencies();
    int[] devCounts = dev.labelFrequencies();
    for (int label = 0; label < trainCounts.length; label++) {
      String name = train.labels().get(label);
      if (trainCounts[label] < MIN_TRAIN_POSITIVES) {
        warnings.add("label '" + name + "' has " + trainCounts[label] + " positive rows in " + trainName
            + ": fewer than " + MIN_TRAIN_POSITIVES + " are too few to learn it");
      }
      if (devCounts[label] < MIN_DEV_POSITIVES) {
        warnings.add("label '" + name + "' has " + devCounts[label] + " positive rows in " + devName
            + ": fewer than " + MIN_DEV_POSITIVES + " are too few to calibrate its threshold");
      }
    }
  }

  private static void overlapWarnings(Map<String, Dataset> splits, List<String> warnings) {
    List<String> names = List.copyOf(splits.keySet());
    for (int a = 0; a < names.size(); a++) {
      java.util.Set<String> texts = new java.util.HashSet<>();
      for (LabeledText row : splits.get(names.get(a)).rows()) {
        texts.add(row.text().strip());
      }
      for (int b = a + 1; b < names.size(); b++) {
        int shared = 0;
        String example = null;
        for (LabeledText row : splits.get(names.get(b)).rows()) {
          if (texts.contains(row.text().strip())) {
            shared++;
            example = example == null ? row.id() : example;
          }
        }
        if (shared > 0) {
          warnings.add(shared + " texts of " + names.get(b) + " also occur in " + names.get(a) + " (first: row "
              + example + "); scores on " + names.get(b) + " will look better than they are");
        }
      }
    }
  }
}
