package dev.exitwise.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Local TCP ports for tests. */
final class LocalPorts {
  private LocalPorts() {}

  /** @return a port nothing listens on right now (free for a child process, or refused when connected to) */
  static int unused() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free local port", e);
    }
  }
}
