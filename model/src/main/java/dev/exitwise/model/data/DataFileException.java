package dev.exitwise.model.data;

/**
 * Bad data in a labelled file, found before any training starts. The message names the file, the line where the
 * problem is (when there is one) and the problem.
 */
public final class DataFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;

  /**
   * @param source the file, as the user named it
   * @param line the 1-based line the problem is on, or 0 for the file as a whole
   * @param problem what is wrong, without the file and line
   */
  public DataFileException(String source, long line, String problem) {
    super(source + (line > 0 ? " line " + line : "") + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The file, as the user named it. */
  public String source() {
    return source;
  }

  /** The 1-based line, or 0 for the file as a whole. */
  public long line() {
    return line;
  }
}
