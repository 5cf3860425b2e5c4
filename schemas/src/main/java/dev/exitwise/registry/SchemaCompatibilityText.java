package dev.exitwise.registry;

import java.util.stream.Collectors;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** One short line that says why Avro found two schemas incompatible. */
final class SchemaCompatibilityText {
  private SchemaCompatibilityText() {}

  /** @return each incompatibility's message and location, separated by "; " */
  static String describe(SchemaPairCompatibility compatibility) {
    return compatibility.getResult().getIncompatibilities().stream()
        .map(incompatibility -> incompatibility.getMessage() + " at " + incompatibility.getLocation())
        .collect(Collectors.joining("; "));
  }
}
