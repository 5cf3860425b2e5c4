package dev.exitwise.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Caches another registry's answers both ways: schema to id per subject, and id to schema. A serde asks the
 * registry once per schema, not once per record. Ids never change meaning, so nothing expires. The latest version
 * of a subject is asked once too, as Confluent's serializer does by default: a version registered later is used
 * from the next start on.
 */
public final class CachingSchemaRegistry implements SchemaRegistry {
  private record SubjectSchema(String subject, Schema schema) {}

  private final SchemaRegistry delegate;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, RegisteredSchema> latestBySubject = new ConcurrentHashMap<>();

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
    return cached(schemasById, id, delegate::schemaById);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    RegisteredSchema latest = cached(latestBySubject, subject, delegate::latest);
    schemasById.putIfAbsent(latest.id(), latest.schema());
    return latest;
  }

  private static <K, V> V cached(Map<K, V> cache, K key, Function<K, V> ask) {
    V cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    V answer = ask.apply(key);
    cache.putIfAbsent(key, answer);
    return answer;
  }

  private int remember(String subject, Schema schema, int id) {
    idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }
}
