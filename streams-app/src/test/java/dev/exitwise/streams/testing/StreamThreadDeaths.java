package dev.exitwise.streams.testing;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/** What a test learns of the stream threads that died: the first uncaught exception. */
public final class StreamThreadDeaths {
  private StreamThreadDeaths() {}

  /**
   * Sets the (not yet started) instance's uncaught exception handler to record the first exception and shut the
   * client down; returns where it records it (empty while no stream thread died).
   */
  public static AtomicReference<Throwable> recordFirst(KafkaStreams streams) {
    AtomicReference<Throwable> died = new AtomicReference<>();
    streams.setUncaughtExceptionHandler(exception -> {
      died.compareAndSet(null, exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    return died;
  }
}
