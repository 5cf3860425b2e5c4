package dev.exitwise.model.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The runtime's enums that users spell in settings and options: lower-case names ({@code cpu}, {@code int8}),
 * parsed ignoring case and surrounding blanks.
 */
public interface ConfigEnums {

  /** The configuration spelling: the constant's name in lower case. */
  default String configValue() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant whose name, lower-cased, is {@code value} (ignoring case and surrounding blanks).
   *
   * @param what the setting's name in the error, e.g. {@code device}
   * @throws IllegalArgumentException for null or an unknown value, naming the value and the choices
   */
  static <E extends Enum<E>> E parse(Class<E> type, String what, String value) {
    String normalized = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(normalized)) {
        return constant;
      }
    }
    String choices = Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(what + " must be one of " + choices + "; got '" + value + "'");
  }
}
