package dev.exitwise.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed PKCS12 key and trust stores made by the JDK's {@code keytool} command at test time, in a folder the
 * test owns: nothing secret is committed, and the certificates never expire under a test.
 */
final class TestKeystores {
  static final String PASSWORD = "test-store-password";

  private final Path dir;

  TestKeystores(Path dir) {
    this.dir = dir;
  }

  /**
   * Makes a key store holding one EC key pair and its self-signed certificate, and exports the certificate.
   *
   * @param subjectAltNames keytool's SAN list, e.g. {@code ip:127.0.0.1,dns:localhost}
   * @return the key store; the certificate is beside it as {@code name.pem}
   */
  Path keyPair(String name, String subjectAltNames) throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "SAN=" + subjectAltNames, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD,
        "-file", dir.resolve(name + ".pem").toString());
    return store;
  }

  /** @return a PKCS12 trust store holding the certificates of the named key pairs */
  Path trustStore(String name, String... keyPairs) throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    for (String keyPair : keyPairs) {
      keytool("-importcert", "-noprompt", "-alias", keyPair, "-file", dir.resolve(keyPair + ".pem").toString(),
          "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }
    return store;
  }

  /** @return a server-side context: the key pair of {@code keyStore}, trusting the certificates of {@code trust} */
  static SSLContext serverContext(Path keyStore, Path trust) throws IOException, GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(keyStore), PASSWORD.toCharArray());
    TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trusted.init(load(trust));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
    return context;
  }

  private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static void keytool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.add("-J-XX:TieredStopAtLevel=1");
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
    }
  }
}
