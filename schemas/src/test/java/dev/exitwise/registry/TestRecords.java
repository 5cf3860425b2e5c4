package dev.exitwise.registry;

import dev.exitwise.avro.TextEvent;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Records and schema versions the serde tests share. */
final class TestRecords {
  private TestRecords() {}

  static TextEvent textEvent(String id) {
    return TextEvent.newBuilder()
        .setId(id)
        .setText("I love this, thank you!")
        .setTenant("goemotions")
        .setInstruction("Tag the emotions.")
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setAttributes(Map.of("source", "test"))
        .build();
  }

  /** TextEvent before {@code attributes} existed: the current schema is its v2 with a new defaulted field. */
  static Schema textEventWithoutAttributes() {
    return SchemaBuilder.record("TextEvent").namespace("dev.exitwise.avro").fields()
        .requiredString("id")
        .requiredString("text")
        .name("tenant").type().stringType().stringDefault("default")
        .optionalString("instruction")
        .name("eventTime").type(timestampMillis()).noDefault()
        .endRecord();
  }

  /** TextEvent with one more defaulted field than the current schema: a later version. */
  static Schema textEventWithPriority() {
    Schema current = TextEvent.getClassSchema();
    return new Schema.Parser().parse(current.toString().replace("\"fields\":[",
        "\"fields\":[{\"name\":\"priority\",\"type\":\"int\",\"default\":0},"));
  }

  /** TextEvent with a new field that has no default: not BACKWARD compatible with the current schema. */
  static Schema textEventWithRequiredPriority() {
    Schema current = TextEvent.getClassSchema();
    return new Schema.Parser().parse(current.toString().replace("\"fields\":[",
        "\"fields\":[{\"name\":\"priority\",\"type\":\"int\"},"));
  }

  static GenericRecord genericTextEvent(Schema schema, String id) {
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      if (field.hasDefaultValue()) {
        record.put(field.name(), GenericData.get().getDefaultValue(field));
      }
    }
    record.put("id", id);
    record.put("text", "generic text");
    record.put("eventTime", 1_700_000_000_000L);
    if (schema.getField("priority") != null) {
      record.put("priority", 7);
    }
    return record;
  }

  private static Schema timestampMillis() {
    return org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
  }
}
