package dev.exitwise.streams.validation;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;

/**
 * The rules a text event must pass before it is classified. Long text within the byte limit is accepted: the model
 * truncates it to its token limit and says so in the output.
 *
 * <p>An event that names no tenant (an empty tenant, or the schema's default {@code "default"} when the model
 * serves no tenant of that name) is classified by the default tenant ({@code exitwise.default.tenant}) when one is
 * set, and is a dead letter whose reason names that setting when none is.
 */
public final class EventValidator {
  /** The tenant of an event whose producer left the field at the schema's default. */
  static final String SCHEMA_DEFAULT_TENANT =
      TextEvent.getClassSchema().getField("tenant").defaultVal().toString();

  private final Supplier<Set<String>> tenants;
  private final int maxTextBytes;
  private final String defaultTenant;

  /**
   * @param tenants the tenants the model serves
   * @param maxTextBytes the largest accepted text, in UTF-8 bytes
   * @param defaultTenant the tenant of events that name none, one of {@code tenants}; empty for none
   * @throws ConfigException if {@code defaultTenant} is not one of {@code tenants}
   */
  public EventValidator(Set<String> tenants, int maxTextBytes, String defaultTenant) {
    this(constant(Set.copyOf(tenants)), maxTextBytes, defaultTenant);
  }

  /**
   * @param tenants the tenants the model serves at the moment asked (the model can change while the service runs)
   * @param maxTextBytes the largest accepted text, in UTF-8 bytes
   * @param defaultTenant the tenant of events that name none, one of the tenants served at construction; empty for
   *     none. While a later model does not serve it, events that name no tenant are dead letters.
   * @throws ConfigException if {@code defaultTenant} is not one of the tenants served now
   */
  public EventValidator(Supplier<Set<String>> tenants, int maxTextBytes, String defaultTenant) {
    if (maxTextBytes < 1) {
      throw new IllegalArgumentException("maxTextBytes must be positive: " + maxTextBytes);
    }
    this.tenants = java.util.Objects.requireNonNull(tenants, "tenants");
    this.maxTextBytes = maxTextBytes;
    this.defaultTenant = defaultTenant.isEmpty() ? null : defaultTenant;
    if (this.defaultTenant != null && !this.tenants.get().contains(defaultTenant)) {
      throw new ConfigException(ExitwiseConfig.DEFAULT_TENANT, defaultTenant,
          "not a tenant the model serves; it serves " + served());
    }
  }

  /**
   * The tenant that classifies an event of {@code tenant}: the tenant itself when the model serves it, the default
   * tenant when the event names none and one is set, otherwise {@code null}.
   */
  public String servingTenant(String tenant) {
    Set<String> served = tenants.get();
    if (tenant != null && served.contains(tenant)) {
      return tenant;
    }
    return namesNoTenant(tenant) && defaultTenant != null && served.contains(defaultTenant) ? defaultTenant : null;
  }

  /** The event as it is classified: with the default tenant in place of none (the same instance otherwise). */
  public TextEvent withServingTenant(TextEvent event) {
    String tenant = servingTenant(event.getTenant());
    return tenant == null || tenant.equals(event.getTenant()) ? event
        : TextEvent.newBuilder(event).setTenant(tenant).build();
  }

  /** Returns why the event may not be classified, or empty when it may. */
  public Optional<Rejection> check(TextEvent event) {
    if (event == null) {
      return reject(DeadLetterReason.NULL_VALUE, "the record has no value", null);
    }
    String tenant = event.getTenant();
    String knownTenant = servingTenant(tenant);
    if (knownTenant == null) {
      return reject(DeadLetterReason.UNKNOWN_TENANT, !namesNoTenant(tenant)
          ? "tenant '" + tenant + "' is not served by the model; it serves " + served()
          : defaultTenant != null
              ? "the event names no tenant (its tenant is '" + tenant + "') and the default tenant '" + defaultTenant
                  + "' (" + ExitwiseConfig.DEFAULT_TENANT + ") is not served by the model now; it serves " + served()
              : "the event names no tenant (its tenant is '" + tenant + "') and " + ExitwiseConfig.DEFAULT_TENANT
                  + " is not set; the model serves " + served() + "; set " + ExitwiseConfig.DEFAULT_TENANT
                  + " to one of them to classify such events", null);
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

  private static boolean namesNoTenant(String tenant) {
    return tenant == null || isBlank(tenant) || SCHEMA_DEFAULT_TENANT.equals(tenant);
  }

  private static Supplier<Set<String>> constant(Set<String> tenants) {
    return () -> tenants;
  }

  private List<String> served() {
    return tenants.get().stream().sorted().toList();
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
