package dev.exitwise.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

/**
 * The registry's basic credentials taken from the Kafka client's SASL login ({@code SASL_INHERIT}): the
 * {@code username} and {@code password} options of {@code sasl.jaas.config}, or of the {@code KafkaClient} entry of
 * the JVM's JAAS file when that key is not set. PLAIN and SCRAM logins have both; OAUTHBEARER and Kerberos logins
 * have none, which is a configuration error.
 */
final class SaslCredentials {
  private SaslCredentials() {}

  /**
   * @param sourceKey the key that asked for SASL credentials, named in errors
   * @return {@code username:password}
   * @throws ConfigException if there is no JAAS configuration or it has no username and password
   */
  static String userInfo(Map<String, ?> configs, String sourceKey) {
    Object jaas = configs.get(SaslConfigs.SASL_JAAS_CONFIG);
    Map<String, Object> jaasOnly = new HashMap<>();
    if (jaas != null) {
      jaasOnly.put(SaslConfigs.SASL_JAAS_CONFIG, jaas instanceof Password password ? password
          : new Password(jaas.toString()));
    }
    List<AppConfigurationEntry> entries;
    try {
      entries = JaasContext.loadClientContext(jaasOnly).configurationEntries();
    } catch (IllegalArgumentException | SecurityException e) {
      throw new ConfigException(sourceKey, "SASL_INHERIT", "needs the Kafka client's JAAS login in "
          + SaslConfigs.SASL_JAAS_CONFIG + ": " + e.getMessage());
    }
    Map<String, ?> options = entries.get(0).getOptions();
    Object username = options.get("username");
    Object password = options.get("password");
    if (username == null || password == null) {
      throw new ConfigException(sourceKey, "SASL_INHERIT", "the JAAS login (" + entries.get(0).getLoginModuleName()
          + ") has no username and password options to send to the registry; SASL_INHERIT needs a PLAIN or SCRAM "
          + "login");
    }
    return username + ":" + password;
  }
}
