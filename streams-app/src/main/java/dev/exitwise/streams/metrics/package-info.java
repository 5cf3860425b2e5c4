/**
 * Service metrics with Micrometer (events, batch size, queue and inference time, exit layers, dead letters, per
 * tenant; Kafka Streams' own metrics bound in) and the HTTP endpoints {@code /metrics} (Prometheus text format),
 * {@code /health} and {@code /ready}. Depends on Micrometer and the JDK's HTTP server; the topology reaches it only
 * through the batching and dead-letter listener interfaces.
 */
package dev.exitwise.streams.metrics;
