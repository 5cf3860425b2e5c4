package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.TextEvent;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {
  private final String scope = "mock-test-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void scopeIsSharedUntilDropped() {
    int id = registry.register("s-value", TextEvent.getClassSchema());
    assertSame(registry, SchemaRegistries.open(RegistryClientSettings.of("mock://" + scope)));
    assertEquals(TextEvent.getClassSchema(), MockSchemaRegistry.forScope(scope).schemaById(id));

    MockSchemaRegistry.dropScope(scope);
    assertThrows(UnknownSchemaIdException.class, () -> MockSchemaRegistry.forScope(scope).schemaById(id));
  }

  @Test
  void sameSchemaGetsSameIdAcrossSubjectsAndOthersGetNewIds() {
    int first = registry.register("a-value", TextEvent.getClassSchema());
    assertEquals(first, registry.register("a-value", TextEvent.getClassSchema()));
    assertEquals(first, registry.register("b-value", TextEvent.getClassSchema()));
    assertNotEquals(first, registry.register("c-value", ExitTelemetry.getClassSchema()));
    assertEquals(first, registry.idOf("b-value", TextEvent.getClassSchema()));
  }

  @Test
  void backwardCheckRejectsNewFieldWithoutDefault() {
    registry.register("t-value", TextEvent.getClassSchema());
    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> registry.register("t-value", TestRecords.textEventWithRequiredPriority()));
    assertEquals("t-value", e.subject());
    assertTrue(e.getMessage().contains("BACKWARD"), e.getMessage());
    assertEquals(1, registry.versions("t-value").size());
  }

  @Test
  void backwardCheckAcceptsNewFieldWithDefaultAndRemovedField() {
    registry.register("t-value", TestRecords.textEventWithoutAttributes());
    registry.register("t-value", TextEvent.getClassSchema());
    registry.register("t-value", TestRecords.textEventWithPriority());
    Schema withoutPriorityAgain = TextEvent.getClassSchema();
    assertEquals(registry.idOf("t-value", withoutPriorityAgain), registry.register("t-value",
        withoutPriorityAgain));
    assertEquals(3, registry.versions("t-value").size());
  }

  @Test
  void lookupNamesMissingSubjectAndMissingSchema() {
    SchemaNotRegisteredException noSubject = assertThrows(SchemaNotRegisteredException.class,
        () -> registry.idOf("none-value", TextEvent.getClassSchema()));
    assertTrue(noSubject.getMessage().contains("subject not found"), noSubject.getMessage());
    registry.register("t-value", TextEvent.getClassSchema());
    SchemaNotRegisteredException noSchema = assertThrows(SchemaNotRegisteredException.class,
        () -> registry.idOf("t-value", ExitTelemetry.getClassSchema()));
    assertTrue(noSchema.getMessage().contains("schema not found"), noSchema.getMessage());
  }
}
