/**
 * The exitwise records as plain JSON objects with the same fields as their Avro schemas, for topics whose producers
 * and consumers speak JSON: no registry, no schema id, no union wrappers. Driven by each record's Avro schema, so a
 * new field needs no code here. Depends on Avro, kafka-clients and Jackson only.
 */
package dev.exitwise.json;
