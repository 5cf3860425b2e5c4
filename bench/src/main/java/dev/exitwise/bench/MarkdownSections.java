package dev.exitwise.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces one {@code ## Heading} section of a markdown file and leaves the others as they are, so that several
 * writers (the encoder benchmark, this one) can share {@code docs/performance.md} and their changes merge cleanly.
 */
final class MarkdownSections {
  private MarkdownSections() {}

  /**
   * The text with section {@code heading} (a {@code ## } line, up to the next {@code ## } line or the end) replaced
   * by {@code body}, or appended when there is no such section.
   */
  static String replace(String text, String heading, String body) {
    String marker = "## " + heading;
    String section = marker + "\n\n" + body.strip() + "\n";
    int start = findHeading(text, marker);
    if (start < 0) {
      String base = text.isEmpty() || text.endsWith("\n\n") ? text : text.endsWith("\n") ? text + "\n" : text + "\n\n";
      return base + section;
    }
    int end = text.indexOf("\n## ", start + marker.length());
    String rest = end < 0 ? "" : "\n" + text.substring(end + 1);
    return text.substring(0, start) + section + rest;
  }

  /** Rewrites a file's section (the file is created with {@code title} as its first line when missing). */
  static void replaceInFile(Path file, String title, String heading, String body) {
    try {
      String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# " + title + "\n\n";
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, replace(text, heading, body), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + file, e);
    }
  }

  private static int findHeading(String text, String marker) {
    int from = 0;
    while (true) {
      int at = text.indexOf(marker, from);
      if (at < 0) {
        return -1;
      }
      boolean lineStart = at == 0 || text.charAt(at - 1) == '\n';
      int after = at + marker.length();
      boolean lineEnd = after == text.length() || text.charAt(after) == '\n';
      if (lineStart && lineEnd) {
        return at;
      }
      from = after;
    }
  }
}
