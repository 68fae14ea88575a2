/**
 * Augmentation, applied to both classes alike, each switchable with a probability: online waveform
 * effects (gain, noise mixing, RawBoost-style convolutive / impulsive / coloured noise, band
 * limits, μ-law / A-law round trips), SpecAugment masks on features, and the offline codec renderer
 * (ffmpeg) that writes seeded variants per clip.
 */
package dev.vigil.trainer.augment;
