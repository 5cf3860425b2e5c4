package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every schema in {@code src/main/avro} must read data written with its released version (BACKWARD), so that a
 * new consumer can read an old topic. The released copies live in {@code src/test/resources/released}.
 */
class ReleasedSchemasCompatibilityTest {
  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path RELEASED = Path.of("src/test/resources/released");

  @TestFactory
  Stream<DynamicTest> everySchemaReadsItsReleasedVersion() throws IOException {
    List<Path> current = avroFiles(CURRENT);
    assertFalse(current.isEmpty(), "no schemas found in " + CURRENT.toAbsolutePath());
    return current.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      Path released = RELEASED.resolve(file.getFileName());
      assertTrue(Files.exists(released), "no released version of " + file.getFileName() + " in " + RELEASED
          + ": copy it there when it is first released");
      SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(parse(file),
          parse(released));
      assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, result.getType(),
          () -> file.getFileName() + " cannot read its released version: "
              + SchemaCompatibilityText.describe(result));
    }));
  }

  @Test
  void checkCatchesABreakingChange() {
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(
        TestRecords.textEventWithRequiredPriority(), parse(RELEASED.resolve("TextEvent.avsc")));
    assertEquals(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE, result.getType());
  }

  private static List<Path> avroFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".avsc")).sorted().toList();
    }
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
