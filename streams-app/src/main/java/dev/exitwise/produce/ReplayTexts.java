package dev.exitwise.produce;

import dev.exitwise.model.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the lists of texts to replay: from a packaged data set, from a file of lines, interleaved. */
public final class ReplayTexts {
  private ReplayTexts() {}

  /** A data set's texts in row order, for its tenant; empty texts are skipped. */
  public static List<ReplayText> of(Dataset dataset) {
    return dataset.texts().stream().filter(text -> !text.isBlank())
        .map(text -> new ReplayText(dataset.name(), text)).toList();
  }

  /**
   * A UTF-8 file's non-blank lines, stripped, for one tenant.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it holds no text
   */
  public static List<ReplayText> ofLines(Path file, String tenant) throws IOException {
    List<ReplayText> texts = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(line -> !line.isEmpty())
        .map(line -> new ReplayText(tenant, line)).toList();
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no text in " + file + " (one text per line)");
    }
    return texts;
  }

  /**
   * Round-robin over the lists, one text from each in turn, so the tenants alternate all the way through: the
   * result holds {@code lists.size()} times the longest list's length, and shorter lists start over when they run
   * out (their texts repeat; the longest list's appear once each).
   *
   * @throws IllegalArgumentException if a list is empty
   */
  public static List<ReplayText> interleave(List<List<ReplayText>> lists) {
    for (List<ReplayText> list : lists) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("cannot interleave an empty list of texts");
      }
    }
    List<ReplayText> mixed = new ArrayList<>();
    int longest = lists.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<ReplayText> list : lists) {
        mixed.add(list.get(i % list.size()));
      }
    }
    return mixed;
  }
}
