/**
 * Data set readers: each turns one corpus layout (ASVspoof 2019 LA, ASVspoof 5, In-the-Wild,
 * Fake-or-Real, ADD 2022, folder per label, CSV manifest) into a list of {@link
 * dev.vigil.trainer.data.Clip}s with labels, domains and splits; missing files are counted, never
 * fatal.
 */
package dev.vigil.trainer.data;
