/**
 * Windowed statistics of exit depth and throughput per tenant, from the {@code exit-telemetry} topic to {@code
 * exit-depth-stats}. Windows are tumbling and in processing time (the telemetry's {@code processedTime}), so
 * events/s is what the service did in that window. Depends on Kafka Streams' DSL, the Avro classes and
 * HdrHistogram.
 */
package dev.exitwise.streams.telemetry;
