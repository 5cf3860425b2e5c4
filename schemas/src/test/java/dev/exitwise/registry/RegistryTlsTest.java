package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code schema.registry.ssl.*} keys reach the registry's HTTP client: a registry on HTTPS with a self-signed
 * certificate (made by keytool for this test), mutual TLS, the host-name check, and stores that cannot be read.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegistryTlsTest {
  private static final String TOPIC = "text-events";

  @TempDir
  static Path dir;
  private static Path registryKeys;
  private static Path elsewhereKeys;
  private static Path clientKeys;
  private static Path clientTrust;
  private static Path registryTrust;

  @BeforeAll
  static void makeStores() throws Exception {
    TestKeystores stores = new TestKeystores(dir);
    registryKeys = stores.keyPair("registry", "ip:127.0.0.1,dns:localhost");
    elsewhereKeys = stores.keyPair("elsewhere", "dns:elsewhere.test");
    clientKeys = stores.keyPair("client", "dns:exitwise.test");
    clientTrust = stores.trustStore("client-trust", "registry", "elsewhere");
    registryTrust = stores.trustStore("registry-trust", "client");
  }

  private static Map<String, Object> config(FakeRegistryServer server) {
    Map<String, Object> config = new HashMap<>();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url());
    config.put(AvroSerdeConfig.MAX_RETRIES, 0);
    return config;
  }

  private static Map<String, Object> trusting(FakeRegistryServer server) {
    Map<String, Object> config = config(server);
    config.put(RegistryTls.TRUSTSTORE_LOCATION, clientTrust.toString());
    config.put(RegistryTls.TRUSTSTORE_PASSWORD, TestKeystores.PASSWORD);
    config.put(RegistryTls.TRUSTSTORE_TYPE, "PKCS12");
    return config;
  }

  private static byte[] serializeOne(Map<String, Object> config) {
    try (Serde<TextEvent> serde = ExitwiseSerdes.specific(TextEvent.class, config, false)) {
      return serde.serializer().serialize(TOPIC, TestRecords.textEvent("tls"));
    }
  }

  @Test
  void trustStoreAndClientCertificateReachTheRegistryClient() throws Exception {
    SSLContext serverTls = TestKeystores.serverContext(registryKeys, registryTrust);
    try (FakeRegistryServer server = FakeRegistryServer.https(serverTls, true)) {
      Map<String, Object> config = trusting(server);
      config.put(RegistryTls.KEYSTORE_LOCATION, clientKeys.toString());
      config.put(RegistryTls.KEYSTORE_PASSWORD, TestKeystores.PASSWORD);
      config.put(RegistryTls.KEYSTORE_TYPE, "pkcs12");

      assertEquals(0, serializeOne(config)[0]);
      assertEquals(List.of("POST /subjects/text-events-value/versions"), server.requests());

      RegistryUnavailableException noClientCertificate = assertThrows(RegistryUnavailableException.class,
          () -> serializeOne(trusting(server)));
      assertTrue(noClientCertificate.getMessage().contains("unreachable at https://127.0.0.1"),
          noClientCertificate.getMessage());
      assertEquals(1, server.requests().size(), "the registry saw no request without the client certificate");
    }
  }

  @Test
  void withoutTheTrustStoreTheSelfSignedRegistryIsNotTrusted() throws Exception {
    SSLContext serverTls = TestKeystores.serverContext(registryKeys, registryTrust);
    try (FakeRegistryServer server = FakeRegistryServer.https(serverTls, false)) {
      RegistryUnavailableException untrusted = assertThrows(RegistryUnavailableException.class,
          () -> serializeOne(config(server)));
      assertTrue(untrusted.getMessage().contains("SSLHandshakeException"), untrusted.getMessage());
      assertEquals(0, serializeOne(trusting(server))[0]);
    }
  }

  @Test
  void theHostNameIsCheckedUnlessTheAlgorithmIsEmpty() throws Exception {
    SSLContext serverTls = TestKeystores.serverContext(elsewhereKeys, registryTrust);
    try (FakeRegistryServer server = FakeRegistryServer.https(serverTls, false)) {
      RegistryUnavailableException wrongHost = assertThrows(RegistryUnavailableException.class,
          () -> serializeOne(trusting(server)));
      assertTrue(wrongHost.getMessage().contains("SSLHandshakeException"), wrongHost.getMessage());

      Map<String, Object> chainOnly = trusting(server);
      chainOnly.put(RegistryTls.ENDPOINT_IDENTIFICATION_ALGORITHM, "");
      assertEquals(0, serializeOne(chainOnly)[0]);
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void storesThatCannotBeReadStopStartUpNamingTheKey() {
    Map<String, Object> missing = new HashMap<>(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://registry:8081",
        RegistryTls.TRUSTSTORE_LOCATION, dir.resolve("no-such-store.p12").toString()));
    assertNames(RegistryTls.TRUSTSTORE_LOCATION, "no such file", missing);

    Map<String, Object> wrongPassword = new HashMap<>(missing);
    wrongPassword.put(RegistryTls.TRUSTSTORE_LOCATION, clientTrust.toString());
    wrongPassword.put(RegistryTls.TRUSTSTORE_TYPE, "PKCS12");
    wrongPassword.put(RegistryTls.TRUSTSTORE_PASSWORD, "not-the-password");
    assertNames(RegistryTls.TRUSTSTORE_LOCATION, "password", wrongPassword);

    Map<String, Object> wrongKeyPassword = new HashMap<>(missing);
    wrongKeyPassword.remove(RegistryTls.TRUSTSTORE_LOCATION);
    wrongKeyPassword.put(RegistryTls.KEYSTORE_LOCATION, clientKeys.toString());
    wrongKeyPassword.put(RegistryTls.KEYSTORE_TYPE, "PKCS12");
    wrongKeyPassword.put(RegistryTls.KEYSTORE_PASSWORD, TestKeystores.PASSWORD);
    wrongKeyPassword.put(RegistryTls.KEY_PASSWORD, "not-the-key-password");
    assertNames(RegistryTls.KEY_PASSWORD, "private key", wrongKeyPassword);

    Map<String, Object> unknownType = new HashMap<>(missing);
    unknownType.put(RegistryTls.TRUSTSTORE_TYPE, "PEM");
    assertNames(RegistryTls.TRUSTSTORE_TYPE, "PEM", unknownType);
  }

  private static void assertNames(String key, String reason, Map<String, Object> config) {
    ConfigException e = assertThrows(ConfigException.class, () -> ExitwiseSerdes.specific(TextEvent.class, config,
        false));
    assertTrue(e.getMessage().contains(key) && e.getMessage().contains(reason), e.getMessage());
  }
}
