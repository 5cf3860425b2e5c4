package dev.exitwise.model.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * MLMA English (Ousidhoum et al., EMNLP-IJCNLP 2019): 5,647 tweets with a multi-label hostility type. Tenant
 * {@code hostility}.
 *
 * <p>Read from {@code hate_speech_mlma/en_dataset_with_stop_words.csv} inside
 * {@code /datasets/mlma/hate_speech_mlma.zip} on the classpath (see {@code SOURCE.md} beside it). The labels
 * are the {@code sentiment} column split on {@code _}, in the fixed order of {@link #LABELS}. Tweets carry
 * JSON-style {@code \}{@code uXXXX} escapes (emoji, ellipses) in 2,018 rows; they are decoded to the characters
 * they stand for, and nothing else in the text is changed.
 *
 * <p><b>Split.</b> The data set has no official split, so exitwise fixes one:
 *
 * <ol>
 *   <li>sort the n = 5,647 rows by HITId as a number (HITIds are 0..5646 and unique; a duplicate fails loading);
 *   <li>shuffle the positions 0..n-1 with {@code java.util.Random(20261126)}: for i from n-1 down to 1, swap
 *       positions i and {@code random.nextInt(i + 1)} (Fisher-Yates; Random's generator and {@code nextInt} are
 *       specified in its Javadoc, so any language can reproduce this);
 *   <li>with d = floor(n / 10) = 564, the first n - 2d = 4,519 shuffled rows are TRAIN, the next d are DEV, the last d
 *       are TEST;
 *   <li>each split lists its rows by ascending HITId.
 * </ol>
 */
public final class Mlma {
  /** The tenant name that this data set trains. */
  public static final String TENANT = "hostility";

  /** The six hostility labels; a label's id is its index here. */
  public static final List<String> LABELS =
      List.of("abusive", "hateful", "offensive", "disrespectful", "fearful", "normal");

  /** The seed of the fixed split described in the class comment. */
  public static final long SPLIT_SEED = 20261126L;

  private static final String ZIP = "/datasets/mlma/hate_speech_mlma.zip";
  private static final String MEMBER = "hate_speech_mlma/en_dataset_with_stop_words.csv";
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

  private Mlma() {}

  /**
   * Loads one split of the fixed split described in the class comment.
   *
   * @throws IllegalStateException when the packaged zip is missing or malformed
   */
  public static Dataset load(Split split) {
    return new Dataset(TENANT, LABELS, splitRows(readAll(), SPLIT_SEED).get(split.ordinal()));
  }

  /** All 5,647 rows, sorted by HITId. */
  static List<LabeledText> readAll() {
    try (ZipInputStream zip = new ZipInputStream(ClasspathData.open(ZIP), StandardCharsets.UTF_8)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals(MEMBER)) {
          return parse(zip);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ZIP, e);
    }
    throw new IllegalStateException(ZIP + " has no member " + MEMBER);
  }

  /**
   * Parses the MLMA CSV (header {@code HITId,tweet,sentiment,...}) into rows sorted by HITId.
   *
   * @throws IllegalStateException on an unknown label, a non-numeric or duplicate HITId
   */
  static List<LabeledText> parse(InputStream csv) throws IOException {
    List<LabeledText> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    // not closed here: closing would close the zip stream, which the caller owns
    CSVParser parser =
        CSVParser.builder().setReader(new InputStreamReader(csv, StandardCharsets.UTF_8)).setFormat(CSV).get();
    for (CSVRecord record : parser) {
      String hitId = record.get("HITId").strip();
      parseHitId(hitId);
      if (!seen.add(hitId)) {
        throw new IllegalStateException(MEMBER + ": duplicate HITId " + hitId);
      }
      String text = decodeUnicodeEscapes(record.get("tweet"));
      rows.add(new LabeledText(hitId, text, labelIds(record.get("sentiment"), hitId)));
    }
    rows.sort(Comparator.comparingLong(row -> parseHitId(row.id())));
    return rows;
  }

  /**
   * Splits rows (already sorted by HITId) by the rule in the class comment.
   *
   * @return three lists indexed by {@link Split#ordinal()}: train, dev, test, each sorted by HITId
   */
  static List<List<LabeledText>> splitRows(List<LabeledText> rows, long seed) {
    int count = rows.size();
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int heldOut = count / 10;
    int trainSize = count - 2 * heldOut;
    List<List<LabeledText>> splits = new ArrayList<>();
    splits.add(sortedSlice(rows, order, 0, trainSize));
    splits.add(sortedSlice(rows, order, trainSize, trainSize + heldOut));
    splits.add(sortedSlice(rows, order, trainSize + heldOut, count));
    return splits;
  }

  private static List<LabeledText> sortedSlice(List<LabeledText> rows, int[] order, int from, int to) {
    int[] positions = Arrays.copyOfRange(order, from, to);
    Arrays.sort(positions);
    List<LabeledText> slice = new ArrayList<>(positions.length);
    for (int position : positions) {
      slice.add(rows.get(position));
    }
    return slice;
  }

  /** Replaces each {@code \}{@code uXXXX} escape with the UTF-16 unit it names; surrogate pairs join up. */
  static String decodeUnicodeEscapes(String text) {
    Matcher matcher = UNICODE_ESCAPE.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder decoded = new StringBuilder(text.length());
    do {
      matcher.appendReplacement(decoded, "");
      decoded.append((char) Integer.parseInt(matcher.group(1), 16));
    } while (matcher.find());
    matcher.appendTail(decoded);
    return decoded.toString();
  }

  private static int[] labelIds(String sentiment, String hitId) {
    String[] names = sentiment.strip().split("_");
    int[] ids = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      ids[i] = LABELS.indexOf(names[i]);
      if (ids[i] < 0) {
        throw new IllegalStateException(
            MEMBER + " HITId " + hitId + ": unknown hostility label '" + names[i] + "'; known: " + LABELS);
      }
    }
    return ids;
  }

  private static long parseHitId(String hitId) {
    try {
      return Long.parseLong(hitId);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(MEMBER + ": HITId '" + hitId + "' is not a number", e);
    }
  }
}
