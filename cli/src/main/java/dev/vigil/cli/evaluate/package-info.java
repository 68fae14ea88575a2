/**
 * {@code vigil evaluate}: scores a labelled folder or CSV with the runtime alone, prints EER, AUC,
 * balanced accuracy, confusion counts and per-source EER, and can write a user's own operating
 * point into a copy of the model.
 */
package dev.vigil.cli.evaluate;
