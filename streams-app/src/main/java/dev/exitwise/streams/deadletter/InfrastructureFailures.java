package dev.exitwise.streams.deadletter;

import dev.exitwise.registry.RegistryAuthException;
import dev.exitwise.registry.RegistryUnavailableException;
import java.util.Locale;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Tells failures of the world around the service (a registry that is away, a broker, a denied write) from bad
 * data. Bad data is a dead letter; an infrastructure failure never is: it is retried or stops the service.
 */
public final class InfrastructureFailures {
  private InfrastructureFailures() {}

  /** What kind of infrastructure failure an exception is, if it is one. */
  public enum Kind {
    /** The schema registry could not be reached or kept answering 5xx. */
    REGISTRY_UNAVAILABLE,
    /** The registry refused the credentials. */
    REGISTRY_AUTH,
    /** The broker refused the credentials or denied an operation. */
    KAFKA_SECURITY,
    /** A Kafka client failure that may heal by itself (a timeout, a broker away). */
    KAFKA_RETRIABLE,
    /** Kafka Streams itself failed to send or serialize output (a producer error it reports as a StreamsException). */
    KAFKA_STREAMS;

    /** The stable code used in logs and as a metric tag: the name in lower case, with hyphens. */
    public String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether waiting may heal it: a registry or a broker that is away, not a refusal. */
    public boolean mayHeal() {
      return this == REGISTRY_UNAVAILABLE || this == KAFKA_RETRIABLE;
    }
  }

  /**
   * Classifies {@code failure} by the first exception in its cause chain that names an infrastructure failure.
   *
   * @return the kind, or {@code null} when nothing in the chain is one (the failure is bad data or a bug)
   */
  public static Kind classify(Throwable failure) {
    Kind found = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryUnavailableException) {
        return Kind.REGISTRY_UNAVAILABLE;
      }
      if (t instanceof RegistryAuthException) {
        return Kind.REGISTRY_AUTH;
      }
      if (t instanceof AuthorizationException || t instanceof AuthenticationException) {
        return Kind.KAFKA_SECURITY;
      }
      if (t instanceof RetriableException) {
        return Kind.KAFKA_RETRIABLE;
      }
      if (found == null && t instanceof StreamsException) {
        found = Kind.KAFKA_STREAMS;
      }
    }
    return found;
  }
}
