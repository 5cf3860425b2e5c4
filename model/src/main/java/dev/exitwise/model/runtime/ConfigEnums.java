package dev.exitwise.model.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower-case configuration spellings of the runtime's enums. */
final class ConfigEnums {
  private ConfigEnums() {}

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
