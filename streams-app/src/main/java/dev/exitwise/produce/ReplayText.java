package dev.exitwise.produce;

import java.util.Objects;

/**
 * One text to send and the tenant that classifies it.
 *
 * @param tenant the tenant (the adapter that classifies it)
 * @param text the text
 */
public record ReplayText(String tenant, String text) {
  public ReplayText {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(text, "text");
  }
}
