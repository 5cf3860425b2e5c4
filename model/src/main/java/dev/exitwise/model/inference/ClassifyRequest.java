package dev.exitwise.model.inference;

import java.util.Objects;

/**
 * One text to classify.
 *
 * @param tenant which adapter (task) classifies it; must be one of {@link TextClassifier#tenants()}
 * @param text the text itself; truncated to the model's maximum token count, never rejected for length
 * @param instruction optional task instruction encoded with the text so the soft prompts can depend on it;
 *     {@code null} when absent
 */
public record ClassifyRequest(String tenant, String text, String instruction) {
  public ClassifyRequest {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(text, "text");
  }

  public static ClassifyRequest of(String tenant, String text) {
    return new ClassifyRequest(tenant, text, null);
  }
}
