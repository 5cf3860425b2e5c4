package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticMembershipTest {
  @TempDir
  Path stateDir;

  @Test
  void theIdIsStablePerHostAndStateDirectoryAndOnlyOneProcessHoldsIt() {
    Optional<StaticMembership> first = StaticMembership.claim("exitwise", stateDir);
    assertTrue(first.isPresent());
    String id = first.get().instanceId();
    assertTrue(id.matches("exitwise-[a-zA-Z0-9._-]+-[0-9a-f]{8}"), id);
    assertTrue(StaticMembership.claim("exitwise", stateDir).isEmpty(), "a second holder of the directory is dynamic");
    first.get().close();

    Optional<StaticMembership> again = StaticMembership.claim("exitwise", stateDir);
    assertEquals(Optional.of(id), again.map(StaticMembership::instanceId), "the same id after a restart");
    again.get().close();
    try (StaticMembership other = StaticMembership.claim("exitwise", stateDir.resolve("other")).orElseThrow()) {
      assertTrue(!other.instanceId().equals(id), "another state directory, another id");
    }
  }

  @Test
  void theIdUsesOnlyWhatKafkaAllowsAndLeavesRoomForTheThreadSuffix() {
    String id = StaticMembership.instanceId("my app", "host/with:odd" + "x".repeat(400), Path.of("/state"));
    assertTrue(id.matches("[a-zA-Z0-9._-]+"), id);
    assertTrue(id.length() + "-2147483647".length() <= 249, "length " + id.length());
  }
}
