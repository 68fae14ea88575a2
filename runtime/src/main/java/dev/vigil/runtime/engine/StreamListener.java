package dev.vigil.runtime.engine;

import dev.vigil.runtime.verdict.WindowVerdict;

/**
 * Receives a stream's window verdicts ({@link DetectionEngine#openStream}, or a file submitted with
 * {@link DetectionEngine#submit(dev.vigil.runtime.decode.AudioSource, StreamListener)}) as soon as
 * each window and every window before it are scored.
 *
 * <p>Called on an engine thread, in time order per channel (window 0, 1, 2, …), never twice at once
 * for one input, and always before the input's result completes. Keep it fast and do not block (it
 * holds back the input's later windows and the batch's other inputs): hand the verdict to your own
 * writer. What it throws fails the input ({@code IOException} "the window listener failed").
 */
@FunctionalInterface
public interface StreamListener {
  /** One scored window. */
  void onWindow(WindowVerdict window);
}
