/**
 * {@code vigil listen}: a live stream (raw PCM or WAV on stdin) or a file scored as it is read,
 * through the engine's {@link dev.vigil.runtime.engine.StreamSession}, one line per window as soon
 * as it is scored.
 */
package dev.vigil.cli.listen;
