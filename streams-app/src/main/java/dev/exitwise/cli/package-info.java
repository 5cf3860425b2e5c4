/**
 * The {@code exitwise} command line (picocli): the top-level command and its subcommands. Commands parse options,
 * build settings and wire the service; they hold no stream or model logic themselves.
 */
package dev.exitwise.cli;
