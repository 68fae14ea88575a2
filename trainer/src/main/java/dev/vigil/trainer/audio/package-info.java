/**
 * Audio for training: whole clips decoded through the runtime's decoders and resampler to 16 kHz
 * mono (with an in-memory cache), random 3 s training crops with tiling, and the runtime's window
 * plan for whole-file scoring.
 */
package dev.vigil.trainer.audio;
