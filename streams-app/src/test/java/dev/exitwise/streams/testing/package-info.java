/**
 * Test doubles and helpers for streams-app tests only: a deterministic keyword classifier, a stand-in for the
 * Confluent-wire-format serde, text generators and the in-JVM broker. Never part of the production jar.
 */
package dev.exitwise.streams.testing;
