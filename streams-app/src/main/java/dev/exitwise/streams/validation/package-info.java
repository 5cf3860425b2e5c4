/**
 * Checks a decoded text event before it may wait for the model: present, non-blank text within the size limit, a
 * tenant the model serves. Rejections become dead letters; the checks are pure functions with no Kafka state.
 */
package dev.exitwise.streams.validation;
