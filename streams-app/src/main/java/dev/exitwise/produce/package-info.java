/**
 * Replays texts into the input topic at a steady rate: the packaged data sets or a file of lines, as Avro {@code
 * TextEvent}s, for {@code exitwise produce} and the demo. Depends on Kafka's producer, the Avro classes and the
 * model module's data sets; never on the topology.
 */
package dev.exitwise.produce;
