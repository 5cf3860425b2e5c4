package dev.exitwise.streams;

import dev.exitwise.registry.RegistryUnavailableException;
import dev.exitwise.streams.deadletter.InfrastructureFailures;
import dev.exitwise.streams.metrics.InfrastructureHealth;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serdes that wait for a registry that is away instead of failing: a {@link RegistryUnavailableException} (the
 * registry client has already retried a few seconds) is no fault of the record, so the call is tried again after a
 * backoff, for as long as the outage lasts or until the service closes. Before, such a record became an
 * "undecodable" dead letter, never to be retried once the registry was back.
 *
 * <p>Waiting blocks the stream thread, which is what a registry outage must do to a pipeline that cannot read its
 * input: {@code /ready} says not ready and {@link InfrastructureHealth}'s meters say why. If the wait outlasts the
 * transaction timeout, the broker aborts the open transaction and Kafka Streams rejoins and replays from the last
 * commit: nothing is lost or written twice. Only the service's own wiring uses these; tests of bad data use the
 * plain serdes.
 */
final class PatientSerdes {
  private static final Logger LOG = LoggerFactory.getLogger(PatientSerdes.class);

  private PatientSerdes() {}

  /**
   * Wraps the four serdes.
   *
   * @param closing counted down when the service closes: a wait then ends with the registry's exception
   */
  static TopologySerdes wrap(TopologySerdes serdes, InfrastructureHealth health, CountDownLatch closing) {
    return new TopologySerdes(wrap(serdes.textEvent(), health, closing),
        wrap(serdes.classification(), health, closing), wrap(serdes.telemetry(), health, closing),
        wrap(serdes.stats(), health, closing));
  }

  static <T> Serde<T> wrap(Serde<T> serde, InfrastructureHealth health, CountDownLatch closing) {
    Serializer<T> serializer = serde.serializer();
    Deserializer<T> deserializer = serde.deserializer();
    return Serdes.serdeFrom(new Serializer<>() {
      @Override
      public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
      }

      @Override
      public byte[] serialize(String topic, T data) {
        return patiently(() -> serializer.serialize(topic, data), health, closing);
      }

      @Override
      public byte[] serialize(String topic, Headers headers, T data) {
        return patiently(() -> serializer.serialize(topic, headers, data), health, closing);
      }

      @Override
      public void close() {
        serializer.close();
      }
    }, new Deserializer<>() {
      @Override
      public void configure(Map<String, ?> configs, boolean isKey) {
        deserializer.configure(configs, isKey);
      }

      @Override
      public T deserialize(String topic, byte[] data) {
        return patiently(() -> deserializer.deserialize(topic, data), health, closing);
      }

      @Override
      public T deserialize(String topic, Headers headers, byte[] data) {
        return patiently(() -> deserializer.deserialize(topic, headers, data), health, closing);
      }

      @Override
      public void close() {
        deserializer.close();
      }
    });
  }

  static <R> R patiently(Supplier<R> call, InfrastructureHealth health, CountDownLatch closing) {
    boolean waited = false;
    while (true) {
      try {
        R result = call.get();
        if (waited) {
          LOG.info("The schema registry is back");
          health.progressed();
        }
        return result;
      } catch (RegistryUnavailableException e) {
        if (closing.getCount() == 0) {
          throw e;
        }
        Duration backoff = health.failed(InfrastructureFailures.Kind.REGISTRY_UNAVAILABLE);
        LOG.warn("The schema registry is unavailable ({}); not ready; trying again in {} ms", e.getMessage(),
            backoff.toMillis());
        waited = true;
        try {
          if (closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
            throw e;
          }
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
