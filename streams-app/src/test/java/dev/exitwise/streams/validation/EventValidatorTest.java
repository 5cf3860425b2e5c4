package dev.exitwise.streams.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.testing.TextEvents;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The validator follows the tenants the model serves as the model changes, the default tenant included. */
class EventValidatorTest {
  private static TextEvent event(String tenant) {
    return TextEvents.event("id", tenant, "some text", Instant.EPOCH);
  }

  @Test
  void checksEachEventAgainstTheTenantsServedWhenItArrives() {
    AtomicReference<Set<String>> served = new AtomicReference<>(Set.of("a"));
    EventValidator validator = new EventValidator(served::get, 1_000, "a");
    assertEquals(DeadLetterReason.UNKNOWN_TENANT, validator.check(event("b")).orElseThrow().reason());
    assertEquals("a", validator.servingTenant(""), "an event naming no tenant goes to the default tenant");

    served.set(Set.of("a", "b"));
    assertTrue(validator.check(event("b")).isEmpty(), "a tenant added to the model is served at once");

    served.set(Set.of("b"));
    assertNull(validator.servingTenant(""), "a default tenant the model no longer serves classifies nothing");
    Rejection rejection = validator.check(event("")).orElseThrow();
    assertEquals(DeadLetterReason.UNKNOWN_TENANT, rejection.reason());
    assertTrue(rejection.message().contains("default tenant 'a'") && rejection.message().contains("[b]"),
        rejection.message());
  }
}
