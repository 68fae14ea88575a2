/**
 * Test support shipped in the runtime's test-jar: {@link dev.vigil.runtime.testing.TestModels}
 * builds small but real contract-compliant ONNX models (and deliberately broken ones), {@link
 * dev.vigil.runtime.testing.TestAudio} generates WAV files of speech-like signals, tones, silence
 * and stereo. Other modules' tests depend on {@code dev.vigil:vigil-runtime:test-jar}.
 */
package dev.vigil.runtime.testing;
