package dev.exitwise.registry;

import org.apache.avro.Schema;

/**
 * The four Schema Registry operations an Avro serde needs. Implementations are thread-safe.
 *
 * @see RestSchemaRegistry the HTTP client
 * @see MockSchemaRegistry the in-memory registry behind {@code mock://scope} URLs
 * @see CachingSchemaRegistry the cache that keeps the serde off the network after the first record
 */
public interface SchemaRegistry {

  /**
   * Registers {@code schema} under {@code subject}, or finds it there if it is already registered.
   *
   * @return the schema's id, the number the wire format carries
   * @throws IncompatibleSchemaException if the subject's compatibility rule rejects the schema
   * @throws SchemaRegistryException if the registry refuses or cannot be reached
   */
  int register(String subject, Schema schema);

  /**
   * Looks up the id of a schema already registered under {@code subject}, without registering anything.
   *
   * @return the schema's id
   * @throws SchemaNotRegisteredException if the subject does not exist or does not hold this schema
   * @throws SchemaRegistryException if the registry refuses or cannot be reached
   */
  int idOf(String subject, Schema schema);

  /**
   * Fetches the schema with the given id.
   *
   * @return the parsed schema
   * @throws UnknownSchemaIdException if the registry has no schema with this id
   * @throws SchemaRegistryException if the registry refuses or cannot be reached
   */
  Schema schemaById(int id);

  /**
   * Fetches the latest version registered under {@code subject}: what a serializer with
   * {@code use.latest.version=true} writes with.
   *
   * @return the latest schema and its id
   * @throws SchemaNotRegisteredException if the subject does not exist
   * @throws SchemaRegistryException if the registry refuses or cannot be reached
   */
  RegisteredSchema latest(String subject);

  /**
   * A schema as the registry holds it.
   *
   * @param id the number the wire format carries
   * @param schema the schema
   */
  record RegisteredSchema(int id, Schema schema) {}
}
