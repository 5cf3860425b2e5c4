/**
 * Dead letters: every record the service cannot label goes to Kafka Streams' dead-letter topic
 * ({@code errors.dead.letter.queue.topic.name}, KIP-1034) with the reason, source topic, partition and offset in
 * headers, bounded in size so that the producer always takes them. Failures of the infrastructure (registry, broker,
 * authorization) are never dead letters. Depends on Kafka Streams' error-handler API and the registry's exception
 * types only; knows nothing of the model or the topology.
 */
package dev.exitwise.streams.deadletter;
