package dev.exitwise.model.publish;

import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.io.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish protocol of a model directory. A published directory looks like this:
 *
 * <pre>
 * DIR/current                  one line: the id of the version being served; replaced by an atomic rename
 * DIR/versions/ID/manifest.json  a complete model: manifest plus every tenant's adapter weights; never changed
 * DIR/versions/ID/TENANT.safetensors
 * DIR/checkpoints/             training checkpoints (not part of any version)
 * </pre>
 *
 * <p>A writer {@linkplain #publish publishes} a change by copying the served version into a staging directory,
 * making its change there, checking the result (the manifest reads, every tenant's weights file is a readable
 * safetensors file), renaming the staging directory to {@code versions/ID} and then replacing {@code current}. A
 * reader therefore sees the old version or the new one, never a mix; a writer that dies half way leaves a staging
 * directory nobody reads. Writers take a lock on {@code DIR/.publish.lock}, so two writers each apply their change
 * to the other's result instead of one silently losing the other's.
 *
 * <p>A directory without {@code current} (the layout before this protocol: {@code manifest.json} and the weights in
 * {@code DIR} itself) is read as it is, and its first publish moves it into {@code versions/}.
 */
public final class ModelDirectory {
  /** The pointer file naming the served version. */
  public static final String CURRENT = "current";
  /** The folder of the version directories. */
  public static final String VERSIONS = "versions";
  /** How many versions a publish keeps (the served one always among them); older ones are deleted. */
  public static final int KEPT_VERSIONS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);
  private static final String LOCK = ".publish.lock";
  private static final String STAGING_PREFIX = ".staging-";
  private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

  private ModelDirectory() {}

  /** A change to a model directory, made in a staging copy of its served version. */
  @FunctionalInterface
  public interface Change {
    /**
     * Makes the change.
     *
     * @param served the served version's manifest, or null when the directory holds no model yet; a relative
   *     backbone path in it (and in the manifest returned) is relative to the model directory
     * @param staging the new version's directory, holding copies of the served version's files; replace a file by
     *     writing it anew (the copies are the staging directory's own)
     * @return the new version's manifest, written by the publisher
     * @throws IOException when a file cannot be written
     */
    ModelManifest apply(ModelManifest served, Path staging) throws IOException;
  }

  /**
   * A published version.
   *
   * @param id the version id, written to {@code current}
   * @param directory {@code DIR/versions/ID}
   * @param manifest its manifest
   */
  public record Published(String id, Path directory, ModelManifest manifest) {}

  /**
   * A version as read from a model directory.
   *
   * @param id the version id, or null for a directory that was never published
   * @param directory the directory holding its manifest and weights
   */
  public record Version(String id, Path directory) {}

  /**
   * The served version: {@code DIR/versions/ID} when {@code DIR/current} names version ID, else {@code DIR} itself
   * (with a null id). The pointer is read once, so the id and the directory always belong together.
   *
   * @throws IllegalArgumentException when {@code current} is malformed or names a version that is not there
   */
  public static Version current(Path dir) {
    Optional<String> id = servedVersion(dir);
    if (id.isEmpty()) {
      return new Version(null, dir);
    }
    Path versionDir = dir.resolve(VERSIONS).resolve(id.get());
    if (!Files.isDirectory(versionDir)) {
      throw new IllegalArgumentException(dir.resolve(CURRENT) + " names version " + id.get() + ", but "
          + versionDir + " is not there");
    }
    return new Version(id.get(), versionDir);
  }

  /**
   * The directory holding the served version's manifest (see {@link #current}).
   *
   * @throws IllegalArgumentException when {@code current} names a version that is not there
   */
  public static Path served(Path dir) {
    return current(dir).directory();
  }

  /**
   * The id in {@code DIR/current}, or empty when the directory has no pointer (an unpublished layout).
   *
   * @throws IllegalArgumentException when the pointer is empty or names no plain version id
   * @throws UncheckedIOException when it cannot be read
   */
  public static Optional<String> servedVersion(Path dir) {
    Path pointer = dir.resolve(CURRENT);
    if (!Files.isRegularFile(pointer)) {
      return Optional.empty();
    }
    String id;
    try {
      id = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pointer, e);
    }
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(pointer + " must hold one version id (letters, digits, '.', '_', '-'), "
          + "not '" + id + "'");
    }
    return Optional.of(id);
  }

  /**
   * Reads the served version's manifest, its relative backbone path as stored (relative to {@link #served}).
   *
   * @return the manifest, or empty when the directory holds none
   * @throws IllegalArgumentException or {@link UncheckedIOException} when it cannot be read
   */
  public static Optional<ModelManifest> servedManifest(Path dir) {
    Path file = served(dir).resolve(ModelManifest.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(ModelManifest.read(in, file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Publishes a change as a new version and points {@code current} at it, under the directory's publish lock.
   *
   * @return the new version
   * @throws IllegalArgumentException when the change's result is not a complete model (the served version stays)
   * @throws UncheckedIOException when a file cannot be read or written
   */
  public static Published publish(Path dir, Change change) {
    return publishChecked(dir, change);
  }

  /**
   * Publishes a change of the served manifest alone (thresholds, policies, records), keeping every weights file.
   *
   * @throws IllegalArgumentException when the directory holds no model, or the change refuses
   */
  public static Published publishManifest(Path dir, java.util.function.UnaryOperator<ModelManifest> change) {
    return publish(dir, (served, staging) -> {
      if (served == null) {
        throw new IllegalArgumentException("no " + ModelManifest.FILE_NAME + " in " + dir);
      }
      return change.apply(served);
    });
  }

  private static Published publishChecked(Path dir, Change change) {
    try {
      Files.createDirectories(dir.resolve(VERSIONS));
      try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
        Path staging = Files.createTempDirectory(dir.resolve(VERSIONS), STAGING_PREFIX);
        try {
          Path servedDir = served(dir);
          ModelManifest served = servedManifest(dir).map(m -> m.withBackboneMoved(servedDir, dir)).orElse(null);
          if (served != null) {
            copyFiles(served, servedDir, staging);
          }
          String id = newVersionId(dir);
          Path versionDir = dir.resolve(VERSIONS).resolve(id);
          // the change sees and returns a relative backbone path relative to DIR; the version stores it relative
          // to its own directory, like any manifest
          ModelManifest manifest = change.apply(served, staging).withRevision(id).withBackboneMoved(dir, versionDir);
          manifest.write(staging);
          check(staging);
          Files.move(staging, versionDir, StandardCopyOption.ATOMIC_MOVE);
          boolean migrating = served != null && servedVersion(dir).isEmpty();
          movePointer(dir, id);
          if (migrating) {
            removeUnpublishedLayout(dir, served);
          }
          pruneVersions(dir, id);
          LOG.info("published model version {} in {} ({} tenants)", id, dir, manifest.tenants().size());
          return new Published(id, versionDir, manifest);
        } finally {
          deleteTree(staging);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish a model version in " + dir, e);
    }
  }

  /**
   * Checks that a directory holds a complete model: a readable manifest, and for every tenant a weights file that
   * reads as safetensors.
   *
   * @throws IllegalArgumentException naming the first problem found
   */
  public static ModelManifest check(Path versionDir) {
    Path file = versionDir.resolve(ModelManifest.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no " + ModelManifest.FILE_NAME + " in " + versionDir);
    }
    ModelManifest manifest;
    try (InputStream in = Files.newInputStream(file)) {
      manifest = ModelManifest.read(in, file.toString());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable manifest " + file + ": " + e.getMessage(), e);
    }
    for (ModelManifest.Tenant tenant : manifest.tenants()) {
      Path weights = versionDir.resolve(tenant.weights());
      if (!Files.isRegularFile(weights)) {
        throw new IllegalArgumentException("tenant '" + tenant.name() + "': weights file " + weights + " is missing");
      }
      try {
        SafeTensors.read(weights);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("tenant '" + tenant.name() + "': weights file " + weights
            + " is unreadable: " + e.getMessage(), e);
      }
    }
    return manifest;
  }

  private static void copyFiles(ModelManifest manifest, Path from, Path to) throws IOException {
    for (ModelManifest.Tenant tenant : manifest.tenants()) {
      Files.copy(from.resolve(tenant.weights()), to.resolve(tenant.weights()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The next version id: a six-digit sequence number one above the highest in {@code versions/}, then the UTC time,
   * e.g. {@code 000004-20261207T112233.456Z}. Ids sort in publish order; the publish lock makes them unique.
   */
  private static String newVersionId(Path dir) throws IOException {
    int highest = 0;
    try (Stream<Path> entries = Files.list(dir.resolve(VERSIONS))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.matches("\\d{6}-.*")) {
          highest = Math.max(highest, Integer.parseInt(name.substring(0, 6)));
        }
      }
    }
    return String.format(java.util.Locale.ROOT, "%06d-%s", highest + 1,
        ZonedDateTime.now(ZoneOffset.UTC).format(VERSION_TIME));
  }

  private static void movePointer(Path dir, String id) throws IOException {
    Path temporary = Files.createTempFile(dir, CURRENT, ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temporary, dir.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes the manifest and weights of the layout before versions, now copied into the first version. */
  private static void removeUnpublishedLayout(Path dir, ModelManifest old) throws IOException {
    Files.deleteIfExists(dir.resolve(ModelManifest.FILE_NAME));
    for (ModelManifest.Tenant tenant : old.tenants()) {
      Files.deleteIfExists(dir.resolve(tenant.weights()));
    }
    LOG.info("moved the model in {} into {}/ (served through {})", dir, VERSIONS, CURRENT);
  }

  /** Keeps the newest {@link #KEPT_VERSIONS} versions and the served one; deletes the rest. */
  private static void pruneVersions(Path dir, String served) throws IOException {
    List<Path> versions = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir.resolve(VERSIONS))) {
      entries.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
          .forEach(versions::add);
    }
    versions.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    for (Path version : versions.subList(Math.min(KEPT_VERSIONS, versions.size()), versions.size())) {
      if (!version.getFileName().toString().equals(served)) {
        deleteTree(version);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
