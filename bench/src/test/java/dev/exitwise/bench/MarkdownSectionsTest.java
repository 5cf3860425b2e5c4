package dev.exitwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkdownSectionsTest {
  private static final String PAGE = "# Performance\n\n## Encoder\n\nDJL vs ORT.\n\n## Pipeline\n\nold\n\n## Other\n\nx\n";

  @Test
  void replacesOnlyItsOwnSection() {
    assertEquals("# Performance\n\n## Encoder\n\nDJL vs ORT.\n\n## Pipeline\n\nnew\n\n## Other\n\nx\n",
        MarkdownSections.replace(PAGE, "Pipeline", "new"));
  }

  @Test
  void appendsAMissingSection() {
    assertEquals(PAGE + "\n## Compaction\n\nbody\n", MarkdownSections.replace(PAGE, "Compaction", "body\n"));
  }

  @Test
  void aHeadingThatOnlyStartsTheSameIsNotTheSection() {
    String page = "# P\n\n## Pipeline costs\n\nkeep\n";
    assertEquals(page + "\n## Pipeline\n\nnew\n", MarkdownSections.replace(page, "Pipeline", "new"));
  }

  @Test
  void replacesTheLastSection() {
    assertEquals("# P\n\n## A\n\na\n\n## Pipeline\n\nnew\n",
        MarkdownSections.replace("# P\n\n## A\n\na\n\n## Pipeline\n\nold\n", "Pipeline", "new"));
  }
}
