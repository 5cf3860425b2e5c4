package dev.exitwise.model.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face fast tokenizer (from a {@code tokenizer.json}) that truncates to a max length and pads each batch
 * to its own longest row. The tokenizer's own post-processor adds the special tokens ({@code [CLS] text [SEP]},
 * or {@code [CLS] instruction [SEP] text [SEP]} for a pair); truncation is done here, on whole tokens, so that the
 * text of a pair is cut before its instruction.
 */
public final class TextTokenizer implements AutoCloseable {

  /** The max length when none is given. */
  public static final int DEFAULT_MAX_LENGTH = 128;

  private static final int MIN_MAX_LENGTH = 4;

  // Truncation and padding are ours: the library only adds special tokens.
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
  }

  /**
   * Loads a {@code tokenizer.json}.
   *
   * @param maxLength the most tokens per row, special tokens included (at least 4)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static TextTokenizer fromFile(Path tokenizerJson, int maxLength) {
    try (InputStream in = Files.newInputStream(tokenizerJson)) {
      return fromStream(in, maxLength);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerJson, e);
    }
  }

  /**
   * Loads a {@code tokenizer.json} from a stream (read to its end, not closed).
   *
   * @param maxLength the most tokens per row, special tokens included (at least 4)
   * @throws UncheckedIOException if the stream cannot be read
   */
  public static TextTokenizer fromStream(InputStream tokenizerJson, int maxLength) {
    if (maxLength < MIN_MAX_LENGTH) {
      throw new IllegalArgumentException("max length must be at least " + MIN_MAX_LENGTH + ", got " + maxLength);
    }
    try {
      return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS), maxLength);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer", e);
    }
  }

  /**
   * Tokenizes a batch.
   *
   * @param texts the texts (non-null)
   * @param instructions null, or one entry per text: null for a plain text, else an instruction encoded as the
   *     first segment of a pair (instruction, text)
   * @return the batch, padded to its longest row; rows longer than {@link #maxLength()} are cut and flagged: the
   *     text of a pair first (down to nothing if the instruction alone overflows), then the instruction
   */
  public TokenBatch encode(List<String> texts, List<String> instructions) {
    if (instructions != null && instructions.size() != texts.size()) {
      throw new IllegalArgumentException(
          texts.size() + " texts but " + instructions.size() + " instructions");
    }
    int rows = texts.size();
    long[][] ids = new long[rows][];
    long[][] types = new long[rows][];
    int[] lengths = new int[rows];
    boolean[] truncated = new boolean[rows];
    int longest = 0;
    for (int r = 0; r < rows; r++) {
      String instruction = instructions == null ? null : instructions.get(r);
      String text = texts.get(r);
      Encoding encoding = instruction == null ? tokenizer.encode(text) : tokenizer.encode(instruction, text);
      long[][] cut = truncate(encoding.getIds(), encoding.getTypeIds(), encoding.getSpecialTokenMask(), maxLength);
      ids[r] = cut[0];
      types[r] = cut[1];
      lengths[r] = ids[r].length;
      truncated[r] = lengths[r] < encoding.getIds().length;
      longest = Math.max(longest, lengths[r]);
    }
    long[][] paddedIds = new long[rows][longest];
    long[][] paddedTypes = new long[rows][longest];
    long[][] mask = new long[rows][longest];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(ids[r], 0, paddedIds[r], 0, lengths[r]);
      System.arraycopy(types[r], 0, paddedTypes[r], 0, lengths[r]);
      java.util.Arrays.fill(mask[r], 0, lengths[r], 1L);
    }
    return new TokenBatch(paddedIds, paddedTypes, mask, lengths, truncated);
  }

  /** The most tokens per row, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  /** Frees the native tokenizer. */
  @Override
  public void close() {
    tokenizer.close();
  }

  /**
   * Drops non-special tokens until at most {@code maxLength} remain: from the end of the second segment (type id
   * 1) first, then from the end of the first.
   *
   * @return {ids, typeIds}
   */
  static long[][] truncate(long[] ids, long[] typeIds, long[] special, int maxLength) {
    int excess = ids.length - maxLength;
    if (excess <= 0) {
      return new long[][] {ids, typeIds};
    }
    boolean[] drop = new boolean[ids.length];
    for (long segment = 1; segment >= 0 && excess > 0; segment--) {
      for (int i = ids.length - 1; i >= 0 && excess > 0; i--) {
        if (typeIds[i] == segment && special[i] == 0) {
          drop[i] = true;
          excess--;
        }
      }
    }
    if (excess > 0) {
      throw new IllegalArgumentException(
          "max length " + maxLength + " cannot hold the special tokens of a row of " + ids.length + " tokens");
    }
    int kept = maxLength;
    long[] keptIds = new long[kept];
    long[] keptTypes = new long[kept];
    for (int i = 0, j = 0; i < ids.length; i++) {
      if (!drop[i]) {
        keptIds[j] = ids[i];
        keptTypes[j++] = typeIds[i];
      }
    }
    return new long[][] {keptIds, keptTypes};
  }
}
