/**
 * Helpers for streams-app tests only: the tiny real model and a fault-injecting wrapper around it, the production
 * serdes over mock registry scopes, real texts from the packaged data sets, and the in-JVM broker with each test's
 * own name, registry scope and folder on it ({@link dev.exitwise.streams.testing.TestScope}). Never part of the
 * production jar.
 */
package dev.exitwise.streams.testing;
