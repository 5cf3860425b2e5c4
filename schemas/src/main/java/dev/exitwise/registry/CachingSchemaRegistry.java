package dev.exitwise.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches another registry's answers both ways: schema to id per subject, and id to schema. A serde asks the
 * registry once per schema, not once per record. Ids never change meaning, so nothing expires.
 */
public final class CachingSchemaRegistry implements SchemaRegistry {
  private record SubjectSchema(String subject, Schema schema) {}

  private final SchemaRegistry delegate;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  /** Wraps {@code delegate}. */
  public CachingSchemaRegistry(SchemaRegistry delegate) {
    this.delegate = delegate;
  }

  // Plain get-then-put rather than computeIfAbsent: a registry call must not hold a map lock. Two threads may
  // both ask for a new schema once; the registry answers both with the same id.
  @Override
  public int register(String subject, Schema schema) {
    Integer cached = idsBySubjectSchema.get(new SubjectSchema(subject, schema));
    return cached != null ? cached : remember(subject, schema, delegate.register(subject, schema));
  }

  @Override
  public int idOf(String subject, Schema schema) {
    Integer cached = idsBySubjectSchema.get(new SubjectSchema(subject, schema));
    return cached != null ? cached : remember(subject, schema, delegate.idOf(subject, schema));
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = delegate.schemaById(id);
    schemasById.putIfAbsent(id, schema);
    return schema;
  }

  private int remember(String subject, Schema schema, int id) {
    idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }
}
