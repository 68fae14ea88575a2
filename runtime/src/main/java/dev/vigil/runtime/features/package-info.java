/**
 * Spectrogram front ends computed in Java, per 3 s window, exactly as in training: {@link
 * dev.vigil.runtime.features.FeatureSpec} holds every parameter (and travels in the model file),
 * {@link dev.vigil.runtime.features.FeatureExtractor} computes one window's [bins][frames] map,
 * {@link dev.vigil.runtime.features.SegmentFeatures} every front end of a model for one window. The
 * STFT runs in double precision, 64 frames per vectorized FFT ({@code FrameBatchFft}); see {@code
 * docs/features.md}.
 */
package dev.vigil.runtime.features;
