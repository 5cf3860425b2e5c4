/**
 * The service's configuration: every exitwise key declared once with its doc and validator ({@link
 * dev.exitwise.streams.config.ExitwiseConfig}), the merge of a properties file, {@code EXITWISE_*} environment
 * variables and command-line overrides ({@link dev.exitwise.streams.config.ConfigSources}), and the settings records
 * built from them in one place ({@link dev.exitwise.streams.config.ServiceSettings}). Depends on Kafka's config
 * classes, and on the model's {@link dev.exitwise.model.runtime.DeviceChoice} for the one device setting.
 */
package dev.exitwise.streams.config;
