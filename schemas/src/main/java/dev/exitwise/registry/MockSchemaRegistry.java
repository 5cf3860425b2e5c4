package dev.exitwise.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * An in-memory registry behind {@code mock://scope} URLs: every serde configured with the same scope in this JVM
 * shares one instance, as with Confluent's serializers. New versions of a subject must be BACKWARD compatible
 * with its latest version (readers of the new schema can read data written with the latest). Ids are global and
 * the same schema gets the same id under every subject. Tests drop their scope in teardown.
 */
public final class MockSchemaRegistry implements SchemaRegistry {
  private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();

  private MockSchemaRegistry(String scope) {
    this.scope = scope;
  }

  /**
   * @return the registry of {@code scope}, created empty on first use
   */
  public static MockSchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets the registry of {@code scope} and everything registered in it; serdes created later start empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(schema)) {
      if (!versions.isEmpty()) {
        requireBackwardCompatible(subject, schema, versions.get(versions.size() - 1));
      }
      versions.add(schema);
    }
    return idsBySchema.computeIfAbsent(schema, s -> {
      int id = schemasById.size() + 1;
      schemasById.put(id, s);
      return id;
    });
  }

  @Override
  public synchronized int idOf(String subject, Schema schema) {
    List<Schema> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw new SchemaNotRegisteredException(subject, "subject not found in mock://" + scope);
    }
    if (!versions.contains(schema)) {
      throw new SchemaNotRegisteredException(subject, "schema not found in mock://" + scope);
    }
    return idsBySchema.get(schema);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new UnknownSchemaIdException(id, "not in mock://" + scope);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Schema> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw new SchemaNotRegisteredException(subject, "subject not found in mock://" + scope);
    }
    Schema latest = versions.get(versions.size() - 1);
    return new RegisteredSchema(idsBySchema.get(latest), latest);
  }

  /**
   * @return the versions registered under {@code subject}, oldest first; empty if there is no such subject
   */
  public synchronized List<Schema> versions(String subject) {
    return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
  }

  private static void requireBackwardCompatible(String subject, Schema candidate, Schema latest) {
    SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new IncompatibleSchemaException(subject, "BACKWARD check against the latest version failed: "
          + SchemaCompatibilityText.describe(compatibility));
    }
  }
}
