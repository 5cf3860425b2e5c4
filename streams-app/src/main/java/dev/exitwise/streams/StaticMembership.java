package dev.exitwise.streams;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stable {@code group.instance.id} for an instance that has none, so that it joins its group as a static member:
 * an instance that restarts on the same host with the same state directory (after SIGTERM or a crash) takes its
 * partitions back at once instead of waiting for its old member's session to run out (about 45 s).
 *
 * <p>Two live instances with one id would fence each other, so the id is only claimed under an exclusive file lock
 * in the state directory, held until {@link #close()}; a second instance with the same directory runs as a dynamic
 * member instead, and says so.
 */
public final class StaticMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StaticMembership.class);
  static final String LOCK_FILE = "exitwise-instance.lock";
  /** Kafka's limit on group.instance.id: 249 characters of [a-zA-Z0-9._-]. */
  private static final int MAX_ID_LENGTH = 249;

  private final String instanceId;
  private final FileChannel channel;
  private final FileLock lock;

  private StaticMembership(String instanceId, FileChannel channel, FileLock lock) {
    this.instanceId = instanceId;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Claims the id of the instance that owns {@code stateDir} for {@code applicationId} on this host.
   *
   * @return the claim, or empty when another live process holds the state directory or it cannot be locked
   */
  public static Optional<StaticMembership> claim(String applicationId, Path stateDir) {
    Path appDir = stateDir.toAbsolutePath().normalize().resolve(applicationId);
    FileChannel channel = null;
    try {
      Files.createDirectories(appDir);
      channel = FileChannel.open(appDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        LOG.warn("Another process uses the state directory {}: this instance joins its group as a dynamic member, "
            + "so a crash costs session.timeout.ms before its partitions move", appDir);
        return Optional.empty();
      }
      return Optional.of(new StaticMembership(instanceId(applicationId, hostName(), appDir), channel, lock));
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(channel);
      LOG.warn("Cannot lock {} ({}): this instance joins its group as a dynamic member", appDir, e.toString());
      return Optional.empty();
    }
  }

  /**
   * The id for an application on a host with a state directory: {@code <application>-<host>-<8 hex digits of the
   * directory's SHA-256>}, cut to Kafka's limit, with characters Kafka does not allow replaced by {@code _}.
   */
  static String instanceId(String applicationId, String host, Path appDir) {
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(appDir.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    String prefix = (applicationId + "-" + host).replaceAll("[^a-zA-Z0-9._-]", "_");
    // Kafka Streams appends "-<thread index>" per stream thread: leave room for it
    int room = MAX_ID_LENGTH - "-2147483647".length() - "-".length() - 8;
    return (prefix.length() > room ? prefix.substring(0, room) : prefix) + "-" + digest;
  }

  private static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.toLowerCase(Locale.ROOT);
    }
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** The claimed {@code group.instance.id}. */
  public String instanceId() {
    return instanceId;
  }

  /** Releases the state directory's lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("Releasing {} failed", LOCK_FILE, e);
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("Closing {} failed", LOCK_FILE, e);
    }
  }
}
