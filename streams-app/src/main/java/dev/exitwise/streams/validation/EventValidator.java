package dev.exitwise.streams.validation;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rules a text event must pass before it is classified. Long text within the byte limit is accepted: the model
 * truncates it to its token limit and says so in the output.
 */
public final class EventValidator {
  private final Supplier<Set<String>> tenants;
  private final int maxTextBytes;

  /**
   * @param tenants the tenants the model serves
   * @param maxTextBytes the largest accepted text, in UTF-8 bytes
   */
  public EventValidator(Set<String> tenants, int maxTextBytes) {
    this(constant(Set.copyOf(tenants)), maxTextBytes);
  }

  /**
   * @param tenants the tenants the model serves at the moment asked (the model can change while the service runs)
   * @param maxTextBytes the largest accepted text, in UTF-8 bytes
   */
  public EventValidator(Supplier<Set<String>> tenants, int maxTextBytes) {
    if (maxTextBytes < 1) {
      throw new IllegalArgumentException("maxTextBytes must be positive: " + maxTextBytes);
    }
    this.tenants = java.util.Objects.requireNonNull(tenants, "tenants");
    this.maxTextBytes = maxTextBytes;
  }

  private static Supplier<Set<String>> constant(Set<String> tenants) {
    return () -> tenants;
  }

  /** Returns why the event may not be classified, or empty when it may. */
  public Optional<Rejection> check(TextEvent event) {
    if (event == null) {
      return reject(DeadLetterReason.NULL_VALUE, "the record has no value", null);
    }
    String tenant = event.getTenant();
    Set<String> served = tenants.get();
    String knownTenant = tenant != null && served.contains(tenant) ? tenant : null;
    if (knownTenant == null) {
      return reject(DeadLetterReason.UNKNOWN_TENANT,
          "tenant '" + tenant + "' is not served by the model; it serves " + served.stream().sorted().toList(),
          null);
    }
    String text = event.getText();
    if (text == null || isBlank(text)) {
      return reject(DeadLetterReason.EMPTY_TEXT, "the text is empty or whitespace only", knownTenant);
    }
    long bytes = utf8Length(text);
    if (bytes > maxTextBytes) {
      return reject(DeadLetterReason.OVERSIZE_TEXT,
          "the text has " + bytes + " UTF-8 bytes; the limit is " + maxTextBytes, knownTenant);
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(DeadLetterReason reason, String message, String tenant) {
    return Optional.of(new Rejection(reason, message, tenant));
  }

  /** Whether every code point is white space or a space separator (so U+00A0 and U+3000 count as blank). */
  static boolean isBlank(String text) {
    return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }

  /** The UTF-8 length of a string, without encoding it. Unpaired surrogates count as the 1-byte '?' they encode as. */
  static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
