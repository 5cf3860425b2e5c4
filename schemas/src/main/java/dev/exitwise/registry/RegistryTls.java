package dev.exitwise.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * TLS towards the registry only: the {@code schema.registry.ssl.*} keys, Confluent's names for the Kafka client's
 * {@code ssl.*} keys, applied to the registry's HTTP client and nothing else (the Kafka clients keep their own
 * {@code ssl.*}). Without any of these keys the registry client uses the JDK's default trust store. Stores are read
 * when the serde is configured, so a wrong path or password stops start-up with the key's name.
 *
 * @param context the context the HTTP client opens connections with
 * @param parameters the protocols and cipher suites it offers
 */
public record RegistryTls(SSLContext context, SSLParameters parameters) {

  /** What every key of this class starts with. */
  public static final String PREFIX = "schema.registry.ssl.";
  public static final String TRUSTSTORE_LOCATION = PREFIX + "truststore.location";
  public static final String TRUSTSTORE_PASSWORD = PREFIX + "truststore.password";
  public static final String TRUSTSTORE_TYPE = PREFIX + "truststore.type";
  public static final String KEYSTORE_LOCATION = PREFIX + "keystore.location";
  public static final String KEYSTORE_PASSWORD = PREFIX + "keystore.password";
  public static final String KEYSTORE_TYPE = PREFIX + "keystore.type";
  public static final String KEY_PASSWORD = PREFIX + "key.password";
  public static final String PROTOCOL = PREFIX + "protocol";
  public static final String ENABLED_PROTOCOLS = PREFIX + "enabled.protocols";
  public static final String CIPHER_SUITES = PREFIX + "cipher.suites";
  public static final String ENDPOINT_IDENTIFICATION_ALGORITHM = PREFIX + "endpoint.identification.algorithm";
  public static final String KEYMANAGER_ALGORITHM = PREFIX + "keymanager.algorithm";
  public static final String TRUSTMANAGER_ALGORITHM = PREFIX + "trustmanager.algorithm";

  private static final List<String> STORE_TYPES = List.of("JKS", "PKCS12");

  /** Adds this class's keys to {@code def}. */
  static ConfigDef define(ConfigDef def) {
    ConfigDef.Validator storeType = ConfigDef.CaseInsensitiveValidString.in(STORE_TYPES.toArray(String[]::new));
    return def
        .define(TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM, "Trust store the registry's certificate "
            + "is checked against; empty: the JDK's default trust store.")
        .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the trust store.")
        .define(TRUSTSTORE_TYPE, Type.STRING, "JKS", storeType, Importance.LOW, "JKS or PKCS12.")
        .define(KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM, "Key store with the client certificate "
            + "for mutual TLS; empty: no client certificate.")
        .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the key store.")
        .define(KEYSTORE_TYPE, Type.STRING, "JKS", storeType, Importance.LOW, "JKS or PKCS12.")
        .define(KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the private key; default: the "
            + "key store's password.")
        .define(PROTOCOL, Type.STRING, "TLSv1.3", Importance.LOW, "The SSLContext protocol.")
        .define(ENABLED_PROTOCOLS, Type.LIST, "", Importance.LOW, "Protocols offered; empty: the context's "
            + "defaults.")
        .define(CIPHER_SUITES, Type.LIST, "", Importance.LOW, "Cipher suites offered; empty: the defaults.")
        .define(ENDPOINT_IDENTIFICATION_ALGORITHM, Type.STRING, "https",
            ConfigDef.CaseInsensitiveValidString.in("https", ""), Importance.LOW, "https checks that the "
            + "registry's certificate names its host; empty turns that check off (the chain is still checked).")
        .define(KEYMANAGER_ALGORITHM, Type.STRING, KeyManagerFactory.getDefaultAlgorithm(), Importance.LOW,
            "Key manager factory algorithm.")
        .define(TRUSTMANAGER_ALGORITHM, Type.STRING, TrustManagerFactory.getDefaultAlgorithm(), Importance.LOW,
            "Trust manager factory algorithm.");
  }

  /**
   * Builds the registry's TLS settings from the parsed configuration.
   *
   * @param originals the configuration as given, to tell keys set from defaults
   * @return empty when no {@code schema.registry.ssl.*} key is set
   * @throws ConfigException naming the key, if a store cannot be read or an algorithm is unknown
   */
  static Optional<RegistryTls> parse(AbstractConfig config, Map<String, ?> originals) {
    if (originals.keySet().stream().noneMatch(key -> key.startsWith(PREFIX))) {
      return Optional.empty();
    }
    String protocol = config.getString(PROTOCOL);
    SSLContext context;
    try {
      context = SSLContext.getInstance(protocol);
      context.init(keyManagers(config), trustManagers(config), null);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(PROTOCOL, protocol, "cannot create the registry's TLS context: " + e.getMessage());
    }
    SSLParameters parameters = context.getDefaultSSLParameters();
    List<String> protocols = config.getList(ENABLED_PROTOCOLS);
    if (!protocols.isEmpty()) {
      parameters.setProtocols(protocols.toArray(String[]::new));
    }
    List<String> ciphers = config.getList(CIPHER_SUITES);
    if (!ciphers.isEmpty()) {
      parameters.setCipherSuites(ciphers.toArray(String[]::new));
    }
    return Optional.of(new RegistryTls(context, parameters));
  }

  private static KeyManager[] keyManagers(AbstractConfig config) {
    String location = config.getString(KEYSTORE_LOCATION);
    if (location.isEmpty()) {
      return null;
    }
    char[] storePassword = chars(config.getPassword(KEYSTORE_PASSWORD));
    KeyStore store = load(KEYSTORE_LOCATION, location, config.getString(KEYSTORE_TYPE), storePassword);
    Password keyPassword = config.getPassword(KEY_PASSWORD);
    String algorithm = config.getString(KEYMANAGER_ALGORITHM);
    try {
      KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm);
      factory.init(store, keyPassword == null ? storePassword : chars(keyPassword));
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new ConfigException(KEY_PASSWORD, keyPassword, "cannot read the private key in " + location + ": "
          + e.getMessage());
    }
  }

  private static TrustManager[] trustManagers(AbstractConfig config) throws GeneralSecurityException {
    String location = config.getString(TRUSTSTORE_LOCATION);
    KeyStore store = location.isEmpty() ? null : load(TRUSTSTORE_LOCATION, location,
        config.getString(TRUSTSTORE_TYPE), chars(config.getPassword(TRUSTSTORE_PASSWORD)));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(config.getString(TRUSTMANAGER_ALGORITHM));
    factory.init(store);
    TrustManager[] managers = factory.getTrustManagers();
    if (!config.getString(ENDPOINT_IDENTIFICATION_ALGORITHM).isEmpty()) {
      return managers;
    }
    return Arrays.stream(managers)
        .map(manager -> manager instanceof X509TrustManager x509 ? new ChainOnlyTrustManager(x509) : manager)
        .toArray(TrustManager[]::new);
  }

  private static KeyStore load(String key, String location, String type, char[] password) {
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      KeyStore store = KeyStore.getInstance(type.toUpperCase(java.util.Locale.ROOT));
      store.load(in, password);
      return store;
    } catch (NoSuchFileException e) {
      throw new ConfigException(key, location, "no such file");
    } catch (IOException | GeneralSecurityException e) {
      String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : "";
      throw new ConfigException(key, location, "cannot read it as a " + type + " store with the password given: "
          + e.getMessage() + (cause.isEmpty() ? "" : " (" + cause + ")"));
    }
  }

  private static char[] chars(Password password) {
    return password == null ? null : password.value().toCharArray();
  }

  /**
   * Checks the certificate chain but not the host name: the JDK checks the host name inside the trust manager's
   * socket and engine variants, and this one routes them to the plain chain check. What
   * {@code schema.registry.ssl.endpoint.identification.algorithm=} (empty) asks for.
   */
  private static final class ChainOnlyTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager delegate;

    ChainOnlyTrustManager(X509TrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
