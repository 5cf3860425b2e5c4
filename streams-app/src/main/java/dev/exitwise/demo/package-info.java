/**
 * {@code exitwise demo}: a real single-node KRaft broker in this JVM, an in-memory {@code mock://} registry, the
 * service exactly as {@code run} starts it, a replay of both tenants' test texts, a live view of throughput
 * against exit depth and a summary. Depends on the service ({@code dev.exitwise.streams}), the replayer ({@code
 * dev.exitwise.produce}) and Kafka's own test kit for the broker; nothing here is used by {@code run}.
 */
package dev.exitwise.demo;
