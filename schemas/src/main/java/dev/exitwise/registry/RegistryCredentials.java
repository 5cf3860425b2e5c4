package dev.exitwise.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** How the REST client authenticates: not at all, HTTP basic, or a bearer token. */
public sealed interface RegistryCredentials {

  /** @return the value of the {@code Authorization} header, or empty for no authentication */
  Optional<String> authorizationHeader();

  /** No authentication. */
  record None() implements RegistryCredentials {
    @Override
    public Optional<String> authorizationHeader() {
      return Optional.empty();
    }
  }

  /** HTTP basic authentication. */
  record Basic(String user, String password) implements RegistryCredentials {
    @Override
    public Optional<String> authorizationHeader() {
      byte[] userInfo = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(userInfo));
    }

    /** Hides the password. */
    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=(hidden)]";
    }
  }

  /** A static bearer token (OAuth access token or API key). */
  record Bearer(String token) implements RegistryCredentials {
    @Override
    public Optional<String> authorizationHeader() {
      return Optional.of("Bearer " + token);
    }

    /** Hides the token. */
    @Override
    public String toString() {
      return "Bearer[token=(hidden)]";
    }
  }

  /**
   * Parses Confluent's {@code user:password} form.
   *
   * @return basic credentials
   * @throws IllegalArgumentException if there is no colon
   */
  static Basic basic(String userInfo) {
    int colon = userInfo.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("user info must be user:password");
    }
    return new Basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
  }
}
