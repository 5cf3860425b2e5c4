/**
 * The soak run: load at a steady rate against a running {@code exitwise run}, and what its input lag and memory do
 * over time. Pure parts (parsing a Prometheus scrape, judging a series flat) are separate from the parts
 * that need a cluster. Depends on the Kafka admin client and the JDK's HTTP client; knows nothing of the topology.
 */
package dev.exitwise.soak;
