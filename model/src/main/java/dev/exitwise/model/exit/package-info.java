/**
 * Exit policies: when a row may leave the encoder. F-PABEE (divergence between consecutive layers' per-label
 * Bernoulli distributions under a threshold for {@code patience} layers), PABEE, static depth and full depth,
 * behind one interface. Pure Java on per-row logits, so the same code decides at inference time and replays
 * cached per-layer logits during calibration. Depends on nothing else in the model.
 */
package dev.exitwise.model.exit;
