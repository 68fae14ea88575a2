/**
 * The {@code vigil-train} command line (picocli): {@code train-expert}, {@code train-mixture},
 * {@code mile}, {@code evaluate}, {@code list-data}, {@code render-codecs}, {@code
 * render-copysynth}, {@code bench-step}.
 */
package dev.vigil.trainer.cli;
