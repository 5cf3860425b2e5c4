package dev.exitwise.registry;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the registry is and how to talk to it. Built from serde configuration by {@link AvroSerdeConfig}, or
 * directly by code that needs only a client.
 *
 * @param urls base URLs without user info, tried in turn when one fails; a single {@code mock://scope} URL selects
 *     the in-memory registry of that scope
 * @param credentials how to authenticate
 * @param retry retries when the registry is unreachable or answers 5xx
 * @param connectTimeout the TCP/TLS connect timeout
 * @param requestTimeout the time one request may take, answer included
 * @param tls the registry's own TLS settings; empty: the JDK's defaults
 * @param proxy an HTTP proxy every registry request goes through; empty: direct connections
 */
public record RegistryClientSettings(
    List<URI> urls, RegistryCredentials credentials, RetryPolicy retry, Duration connectTimeout,
    Duration requestTimeout, Optional<RegistryTls> tls, Optional<InetSocketAddress> proxy) {

  /** The URL scheme of in-memory registries. */
  public static final String MOCK_SCHEME = "mock";

  /** @throws IllegalArgumentException if there is no URL, or a mock URL is mixed with others */
  public RegistryClientSettings {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no schema registry URL");
    }
    boolean anyMock = urls.stream().anyMatch(url -> MOCK_SCHEME.equals(url.getScheme()));
    if (anyMock && urls.size() > 1) {
      throw new IllegalArgumentException("a mock:// URL cannot be combined with other URLs: " + urls);
    }
  }

  /**
   * Settings for one URL with no authentication and default retries and timeouts.
   *
   * @return the settings
   */
  public static RegistryClientSettings of(String url) {
    return new RegistryClientSettings(List.of(URI.create(url)), new RegistryCredentials.None(),
        RetryPolicy.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(30), Optional.empty(), Optional.empty());
  }

  /** @return whether these settings name an in-memory registry */
  public boolean isMock() {
    return MOCK_SCHEME.equals(urls.get(0).getScheme());
  }

  /** @return the scope of a {@code mock://scope} URL (its authority, or its text after the scheme) */
  public String mockScope() {
    URI url = urls.get(0);
    return url.getAuthority() != null ? url.getAuthority() : url.getSchemeSpecificPart().replaceFirst("^//", "");
  }
}
