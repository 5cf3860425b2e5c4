/**
 * A Confluent-compatible Schema Registry client and Avro serde: the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary), the registry's REST API, TopicNameStrategy subjects and {@code mock://scope}
 * in-memory registries.
 *
 * <p>This is ours only because Confluent's serializer jars ({@code io.confluent:*}) are not on Maven Central, the
 * one repository our builds can reach. It speaks the same protocol and takes the same configuration keys (see
 * {@link dev.exitwise.registry.AvroSerdeConfig}), so it works against Confluent Schema Registry, Apicurio's
 * {@code /apis/ccompat/v6}, Redpanda or Karapace. It depends on Avro, kafka-clients, Jackson and SLF4J only; it knows
 * nothing of the model or the service. TLS towards the registry is configured by the {@code schema.registry.ssl.*}
 * keys ({@link dev.exitwise.registry.RegistryTls}); without them it goes through the JDK's default {@code SSLContext},
 * which the standard {@code javax.net.ssl.*} system properties configure.
 */
package dev.exitwise.registry;
