package dev.exitwise.registry;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration keys of the Avro serde. They are Confluent's names, so configuration written for
 * {@code KafkaAvroSerializer} works unchanged. Kafka client and Streams keys in the same map are left alone, but a
 * registry serde key this serde does not implement is an error that names it ({@link UnsupportedRegistryKeys}):
 * silently ignoring a TLS or cache setting would leave its user believing it applies.
 */
public final class AvroSerdeConfig {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated registry base URLs, tried in turn. "
      + "http://user:password@host:8081 carries basic credentials when basic.auth.credentials.source=URL. "
      + "mock://scope selects an in-memory registry shared by every serde of that scope in the JVM.";

  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  private static final String AUTO_REGISTER_SCHEMAS_DOC = "Register a record's schema when serializing. "
      + "When false the schema must already be registered under the subject; it is looked up.";

  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  private static final String SPECIFIC_AVRO_READER_DOC = "Deserialize into the generated SpecificRecord class "
      + "named by the writer schema rather than GenericRecord. A serde built for one class always reads into it.";

  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
  private static final String SUBJECT_NAME_STRATEGY_DOC = "How subjects are named: "
      + SubjectNameStrategy.allowedNames() + " (simple or Confluent class names). TopicNameStrategy gives "
      + "<topic>-key and <topic>-value.";

  public static final String USE_LATEST_VERSION = "use.latest.version";
  private static final String USE_LATEST_VERSION_DOC = "Write records in the latest schema version registered "
      + "under the subject instead of their own schema (fields matched by name; missing ones take the latest "
      + "version's defaults). Needs auto.register.schemas=false; the latest version must be able to read the "
      + "record's schema. The latest version is looked up once per subject per serde.";

  public static final String LATEST_COMPATIBILITY_STRICT = "latest.compatibility.strict";
  private static final String LATEST_COMPATIBILITY_STRICT_DOC = "With use.latest.version, check that the latest "
      + "version can read the record's schema. Only true is supported: the rewrite relies on it.";

  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  private static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where basic credentials come from: URL "
      + "(user info of schema.registry.url), USER_INFO (basic.auth.user.info) or SASL_INHERIT (username and "
      + "password of the Kafka client's sasl.jaas.config, PLAIN or SCRAM).";

  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  private static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic authentication.";

  public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
  private static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC = "Where the bearer token comes from; only "
      + "STATIC_TOKEN (bearer.auth.token) is supported.";

  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
  private static final String BEARER_AUTH_TOKEN_DOC = "A static bearer token, sent as Authorization: Bearer. "
      + "Cannot be combined with basic credentials.";

  public static final String PROXY_HOST = "proxy.host";
  private static final String PROXY_HOST_DOC = "Host of an HTTP proxy for registry requests (https goes through "
      + "it with CONNECT); empty: direct connections. Needs proxy.port.";

  public static final String PROXY_PORT = "proxy.port";
  private static final String PROXY_PORT_DOC = "Port of the HTTP proxy of proxy.host.";

  public static final String MAX_RETRIES = "max.retries";
  private static final String MAX_RETRIES_DOC = "Retries when the registry is unreachable or answers 5xx.";

  public static final String RETRIES_WAIT_MS = "retries.wait.ms";
  private static final String RETRIES_WAIT_MS_DOC = "The wait before the first retry; it doubles per retry.";

  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
  private static final String RETRIES_MAX_WAIT_MS_DOC = "The longest wait between two retries.";

  public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  private static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "Connect timeout of one registry request.";

  public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
  private static final String HTTP_READ_TIMEOUT_MS_DOC = "The time one registry request may take, answer included.";

  private static final String USER_INFO = "USER_INFO";
  private static final String URL = "URL";
  private static final String SASL_INHERIT = "SASL_INHERIT";
  private static final String STATIC_TOKEN = "STATIC_TOKEN";

  /** Every key with its type, default, validator and documentation. */
  public static final ConfigDef CONFIG_DEF = RegistryTls.define(new ConfigDef()
      .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
        if (value == null || ((List<?>) value).isEmpty()) {
          throw new ConfigException(name, value, "at least one URL is required");
        }
      }, Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
      .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
      .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.MEDIUM, SPECIFIC_AVRO_READER_DOC)
      .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.LOW,
          SUBJECT_NAME_STRATEGY_DOC)
      .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.LOW,
          SUBJECT_NAME_STRATEGY_DOC)
      .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM, USE_LATEST_VERSION_DOC)
      .define(LATEST_COMPATIBILITY_STRICT, Type.BOOLEAN, true, (name, value) -> {
        if (Boolean.FALSE.equals(value)) {
          throw new ConfigException(name, value, "only true is supported");
        }
      }, Importance.LOW, LATEST_COMPATIBILITY_STRICT_DOC)
      .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, URL, ConfigDef.ValidString.in(URL, USER_INFO,
          SASL_INHERIT),
          Importance.MEDIUM, BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
      .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, "", Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
      .define(BEARER_AUTH_CREDENTIALS_SOURCE, Type.STRING, STATIC_TOKEN, ConfigDef.ValidString.in(STATIC_TOKEN),
          Importance.MEDIUM, BEARER_AUTH_CREDENTIALS_SOURCE_DOC)
      .define(BEARER_AUTH_TOKEN, Type.PASSWORD, "", Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC)
      .define(MAX_RETRIES, Type.INT, RetryPolicy.DEFAULT.maxRetries(), ConfigDef.Range.between(0, 100),
          Importance.LOW, MAX_RETRIES_DOC)
      .define(RETRIES_WAIT_MS, Type.LONG, RetryPolicy.DEFAULT.initialBackoffMillis(), ConfigDef.Range.atLeast(0),
          Importance.LOW, RETRIES_WAIT_MS_DOC)
      .define(RETRIES_MAX_WAIT_MS, Type.LONG, RetryPolicy.DEFAULT.maxBackoffMillis(), ConfigDef.Range.atLeast(0),
          Importance.LOW, RETRIES_MAX_WAIT_MS_DOC)
      .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
          HTTP_CONNECT_TIMEOUT_MS_DOC)
      .define(HTTP_READ_TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
          HTTP_READ_TIMEOUT_MS_DOC)
      .define(PROXY_HOST, Type.STRING, "", Importance.LOW, PROXY_HOST_DOC)
      .define(PROXY_PORT, Type.INT, -1, ConfigDef.Range.between(-1, 65_535), Importance.LOW, PROXY_PORT_DOC));

  private AvroSerdeConfig() {}

  /**
   * Parses and validates serde configuration.
   *
   * @return the settings
   * @throws ConfigException naming the key, the value and what is allowed, if a value is missing or invalid, or
   *     naming a registry serde key this serde does not implement
   */
  public static SerdeSettings parse(Map<String, ?> configs) {
    UnsupportedRegistryKeys.reject(configs, CONFIG_DEF.names());
    AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs, false);
    List<URI> urls = new ArrayList<>();
    String urlUserInfo = null;
    for (String text : config.getList(SCHEMA_REGISTRY_URL)) {
      URI url = parseUrl(text);
      if (url.getUserInfo() != null) {
        urlUserInfo = url.getUserInfo();
        url = withoutUserInfo(url);
      }
      urls.add(url);
    }
    RetryPolicy retry = new RetryPolicy(config.getInt(MAX_RETRIES), config.getLong(RETRIES_WAIT_MS),
        config.getLong(RETRIES_MAX_WAIT_MS));
    RegistryClientSettings registry;
    try {
      registry = new RegistryClientSettings(urls, credentials(config, configs, urlUserInfo), retry,
          Duration.ofMillis(config.getInt(HTTP_CONNECT_TIMEOUT_MS)),
          Duration.ofMillis(config.getInt(HTTP_READ_TIMEOUT_MS)), tls(config, configs, urls), proxy(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, config.getList(SCHEMA_REGISTRY_URL), e.getMessage());
    }
    boolean autoRegister = config.getBoolean(AUTO_REGISTER_SCHEMAS);
    boolean useLatest = config.getBoolean(USE_LATEST_VERSION);
    if (useLatest && autoRegister) {
      throw new ConfigException(USE_LATEST_VERSION, true, "needs " + AUTO_REGISTER_SCHEMAS + "=false: a serializer "
          + "that registers the record's own schema writes with it");
    }
    return new SerdeSettings(registry, autoRegister, config.getBoolean(SPECIFIC_AVRO_READER),
        strategy(config, KEY_SUBJECT_NAME_STRATEGY), strategy(config, VALUE_SUBJECT_NAME_STRATEGY), useLatest);
  }

  private static Optional<RegistryTls> tls(AbstractConfig config, Map<String, ?> configs, List<URI> urls) {
    Optional<RegistryTls> tls = RegistryTls.parse(config, configs);
    if (tls.isPresent() && urls.stream().noneMatch(url -> "https".equals(url.getScheme()))) {
      String key = configs.keySet().stream().filter(k -> k.startsWith(RegistryTls.PREFIX)).sorted().findFirst()
          .orElseThrow();
      // the value is left out: it may be a store password
      throw new ConfigException("Registry key " + key + " applies to https:// registry URLs only, and "
          + SCHEMA_REGISTRY_URL + " has none");
    }
    return tls;
  }

  private static Optional<InetSocketAddress> proxy(AbstractConfig config) {
    String host = config.getString(PROXY_HOST);
    int port = config.getInt(PROXY_PORT);
    if (host.isEmpty() && port == -1) {
      return Optional.empty();
    }
    if (host.isEmpty()) {
      throw new ConfigException(PROXY_HOST, host, PROXY_PORT + " is set; the proxy's host is required too");
    }
    if (port < 1) {
      throw new ConfigException(PROXY_PORT, port, PROXY_HOST + " is set; a port from 1 to 65535 is required too");
    }
    return Optional.of(new InetSocketAddress(host, port));
  }

  private static URI parseUrl(String text) {
    try {
      URI url = new URI(text.trim());
      if (url.getScheme() == null || !List.of("http", "https", RegistryClientSettings.MOCK_SCHEME)
          .contains(url.getScheme())) {
        throw new ConfigException(SCHEMA_REGISTRY_URL, text, "scheme must be http, https or mock");
      }
      return url;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, text, "not a URL: " + e.getReason());
    }
  }

  private static URI withoutUserInfo(URI url) {
    try {
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, url.getHost(), "not a URL: " + e.getReason());
    }
  }

  private static RegistryCredentials credentials(AbstractConfig config, Map<String, ?> configs,
      String urlUserInfo) {
    String token = config.getPassword(BEARER_AUTH_TOKEN).value();
    String userInfo = switch (config.getString(BASIC_AUTH_CREDENTIALS_SOURCE)) {
      case USER_INFO -> config.getPassword(BASIC_AUTH_USER_INFO).value();
      case SASL_INHERIT -> SaslCredentials.userInfo(configs, BASIC_AUTH_CREDENTIALS_SOURCE);
      default -> urlUserInfo;
    };
    boolean basic = userInfo != null && !userInfo.isEmpty();
    if (!token.isEmpty() && basic) {
      throw new ConfigException(BEARER_AUTH_TOKEN, new Password(token),
          "cannot be combined with basic credentials; configure one of the two");
    }
    if (!token.isEmpty()) {
      return new RegistryCredentials.Bearer(token);
    }
    if (basic) {
      if (userInfo.indexOf(':') < 0) {
        throw new ConfigException(BASIC_AUTH_USER_INFO, new Password(userInfo), "must be user:password");
      }
      return RegistryCredentials.basic(userInfo);
    }
    return new RegistryCredentials.None();
  }

  private static SubjectNameStrategy strategy(AbstractConfig config, String key) {
    String name = config.getString(key);
    try {
      return SubjectNameStrategy.fromConfluentName(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, name, "allowed: " + SubjectNameStrategy.allowedNames());
    }
  }
}
