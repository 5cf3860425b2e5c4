package dev.exitwise.registry;

import org.apache.avro.Schema;

/**
 * The settings of one Avro serializer or deserializer, parsed and validated by {@link AvroSerdeConfig#parse}.
 *
 * @param registry where the registry is and how to reach it
 * @param autoRegister register a record's schema when serializing ({@code true}), or only look it up
 * @param specificReader deserialize into generated classes rather than {@code GenericRecord}
 * @param keySubjectStrategy how key subjects are named
 * @param valueSubjectStrategy how value subjects are named
 * @param useLatestVersion write records in the subject's latest registered version (never with
 *     {@code autoRegister})
 */
public record SerdeSettings(
    RegistryClientSettings registry, boolean autoRegister, boolean specificReader,
    SubjectNameStrategy keySubjectStrategy, SubjectNameStrategy valueSubjectStrategy, boolean useLatestVersion) {

  /**
   * @return the subject a record of {@code schema} on {@code topic} is registered under
   */
  public String subject(String topic, boolean isKey, Schema schema) {
    return (isKey ? keySubjectStrategy : valueSubjectStrategy).subject(topic, isKey, schema);
  }
}
