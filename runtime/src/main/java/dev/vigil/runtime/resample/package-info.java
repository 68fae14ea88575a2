/**
 * Band-limited sample-rate conversion to the model rate: {@link
 * dev.vigil.runtime.resample.Resampler}, a streaming Kaiser-windowed-sinc polyphase filter. See
 * {@code docs/features.md} for its measured passband ripple and stop-band attenuation.
 */
package dev.vigil.runtime.resample;
