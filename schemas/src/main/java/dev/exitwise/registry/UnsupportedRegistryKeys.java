package dev.exitwise.registry;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;

/**
 * Finds registry serde keys that this serde does not implement. The configuration a serde receives also holds
 * every Kafka client and Streams key, which it must leave alone; but a key that belongs to Confluent's serde (by
 * its prefix or its name) and is not one of ours would change nothing while its user believes it does: a TLS
 * trust store never used, a cache setting never applied. Such a key stops start-up with its name instead.
 */
final class UnsupportedRegistryKeys {
  /** Prefixes that only registry serde keys use. */
  private static final Set<String> PREFIXES = Set.of("schema.registry.", "basic.auth.", "bearer.auth.", "proxy.");

  /** Confluent serde keys without such a prefix (the ones we implement are listed too: harmless). */
  private static final Set<String> NAMES = Set.of("auto.register.schemas", "use.latest.version",
      "latest.compatibility.strict", "use.latest.with.metadata", "latest.cache.size", "latest.cache.ttl.sec",
      "use.schema.id", "id.compatibility.strict", "normalize.schemas", "key.subject.name.strategy",
      "value.subject.name.strategy", "context.name.strategy", "max.schemas.per.subject", "specific.avro.reader",
      "specific.avro.key.type", "specific.avro.value.type", "avro.reflection.allow.null",
      "avro.use.logical.type.converters", "avro.remove.java.properties", "schema.reflection",
      "missing.id.cache.ttl.sec", "missing.schema.cache.ttl.sec", "missing.cache.size", "rule.executors",
      "rule.actions", "rule.service.loader.enable", "max.retries", "retries.wait.ms", "retries.max.wait.ms",
      "http.connect.timeout.ms", "http.read.timeout.ms");

  private UnsupportedRegistryKeys() {}

  /**
   * @param supported the keys this serde implements
   * @throws ConfigException naming the first unsupported registry key (in sorted order) and listing the supported
   *     ones; the value is not printed, since such keys often hold secrets
   */
  static void reject(Map<String, ?> configs, Set<String> supported) {
    for (String key : new TreeSet<>(configs.keySet())) {
      if (isRegistryKey(key) && !supported.contains(key)) {
        throw new ConfigException("Registry serde key " + key + " is not supported by exitwise's serde; remove it. "
            + "Supported registry keys: " + String.join(", ", new TreeSet<>(supported)));
      }
    }
  }

  /** @return whether {@code key} belongs to a registry serde rather than to a Kafka client or Kafka Streams */
  static boolean isRegistryKey(String key) {
    return NAMES.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
  }
}
