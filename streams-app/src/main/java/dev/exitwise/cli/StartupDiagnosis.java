package dev.exitwise.cli;

import dev.exitwise.streams.config.ServiceSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Says why {@code exitwise run} did not become ready in time. A Kafka client whose {@code security.protocol} does
 * not match the listener can wait forever without an error: a plaintext client reads a TLS server's alert as the
 * size of a 336 MB response. So when the deadline passes, each bootstrap server is asked once, in
 * plaintext, for its API versions, and an answer that starts like a TLS record is named for what it is.
 */
final class StartupDiagnosis {
  private static final int PROBE_TIMEOUT_MS = 2_000;
  /** A Kafka ApiVersions request, version 0, correlation id 1, no client id: size, key 18, version, id, -1. */
  private static final byte[] API_VERSIONS_V0 = {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, -1, -1};

  private StartupDiagnosis() {}

  /** One or more sentences: what was found, and what to check. */
  static String explain(ServiceSettings settings, KafkaStreams.State state) {
    String protocol = String.valueOf(settings.kafka().getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
        "PLAINTEXT")).toUpperCase(Locale.ROOT);
    List<String> findings = new ArrayList<>();
    if (protocol.equals("PLAINTEXT") || protocol.equals("SASL_PLAINTEXT")) {
      for (String server : String.valueOf(settings.kafka().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))
          .split(",")) {
        String finding = probe(server.trim(), protocol);
        if (finding != null) {
          findings.add(finding);
        }
      }
    }
    String general = "Kafka Streams is still " + state + ". Check bootstrap.servers, that security.protocol (now "
        + protocol + ") matches the broker's listener, the credentials, and that no other instance holds the group.";
    return findings.isEmpty() ? general : String.join(" ", findings) + " " + general;
  }

  /** What a plaintext probe of {@code server} finds wrong, or {@code null} when it answers like a Kafka broker. */
  static String probe(String server, String protocol) {
    int colon = server.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    String host = server.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(server.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
      socket.setSoTimeout(PROBE_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(API_VERSIONS_V0);
      out.flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      int second = in.read();
      // a TLS record starts with its content type (0x15 alert, 0x16 handshake) and major version 3
      if ((first == 0x15 || first == 0x16) && second == 0x03) {
        return "The broker at " + server + " answers in TLS, but security.protocol is " + protocol
            + ": set security.protocol=" + (protocol.startsWith("SASL") ? "SASL_SSL" : "SSL")
            + " and the ssl.* keys (truststore).";
      }
      return null;
    } catch (ConnectException e) {
      return "Cannot connect to " + server + " (" + e.getMessage() + ").";
    } catch (IOException e) {
      return null;
    }
  }
}
