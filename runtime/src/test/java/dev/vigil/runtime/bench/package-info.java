/**
 * JMH benchmarks of the DSP path (front ends, resampler). Run them with the command in {@code
 * docs/features.md}; they are not part of the unit tests.
 */
package dev.vigil.runtime.bench;
