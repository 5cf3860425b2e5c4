package dev.exitwise.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration keys of the Avro serde. They are Confluent's names, so configuration written for
 * {@code KafkaAvroSerializer} works unchanged; keys this serde does not know are ignored, as Kafka does.
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

  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  private static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where basic credentials come from: URL "
      + "(user info of schema.registry.url) or USER_INFO (basic.auth.user.info).";

  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  private static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic authentication.";

  public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
  private static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC = "Where the bearer token comes from; only "
      + "STATIC_TOKEN (bearer.auth.token) is supported.";

  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
  private static final String BEARER_AUTH_TOKEN_DOC = "A static bearer token, sent as Authorization: Bearer. "
      + "Cannot be combined with basic credentials.";

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
  private static final String STATIC_TOKEN = "STATIC_TOKEN";

  /** Every key with its type, default, validator and documentation. */
  public static final ConfigDef CONFIG_DEF = new ConfigDef()
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
      .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, URL, ConfigDef.ValidString.in(URL, USER_INFO),
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
          HTTP_READ_TIMEOUT_MS_DOC);

  private AvroSerdeConfig() {}

  /**
   * Parses and validates serde configuration.
   *
   * @return the settings
   * @throws ConfigException naming the key, the value and what is allowed, if a value is missing or invalid
   */
  public static SerdeSettings parse(Map<String, ?> configs) {
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
      registry = new RegistryClientSettings(urls, credentials(config, urlUserInfo), retry,
          Duration.ofMillis(config.getInt(HTTP_CONNECT_TIMEOUT_MS)),
          Duration.ofMillis(config.getInt(HTTP_READ_TIMEOUT_MS)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, config.getList(SCHEMA_REGISTRY_URL), e.getMessage());
    }
    return new SerdeSettings(registry, config.getBoolean(AUTO_REGISTER_SCHEMAS),
        config.getBoolean(SPECIFIC_AVRO_READER), strategy(config, KEY_SUBJECT_NAME_STRATEGY),
        strategy(config, VALUE_SUBJECT_NAME_STRATEGY));
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

  private static RegistryCredentials credentials(AbstractConfig config, String urlUserInfo) {
    String token = config.getPassword(BEARER_AUTH_TOKEN).value();
    String userInfo = USER_INFO.equals(config.getString(BASIC_AUTH_CREDENTIALS_SOURCE))
        ? config.getPassword(BASIC_AUTH_USER_INFO).value() : urlUserInfo;
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
