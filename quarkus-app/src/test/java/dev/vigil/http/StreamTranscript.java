package dev.vigil.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Prints a {@code /v1/stream} session as a transcript (docs/http.md): {@code >} what the client
 * sends, {@code <} what the server sends, then the close code. The audio is a 16-bit mono 16 kHz
 * WAV's samples (its 44-byte header dropped; default: 4.5 s of the warm-up chirp), sent in 0.5 s
 * frames without pacing. Not a test:
 *
 * <pre>
 * java -cp "target/test-classes:RUNTIME_CLASSPATH" dev.vigil.http.StreamTranscript PORT [FILE.wav]
 * </pre>
 */
public final class StreamTranscript {
  private StreamTranscript() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: StreamTranscript PORT [FILE.wav]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    byte[] wav =
        args.length > 1 ? Files.readAllBytes(Path.of(args[1])) : WarmupAudio.wav(16000, 72000);
    byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length);
    try (StreamClient c = StreamClient.connect("127.0.0.1", port, Map.of())) {
      String start = "{\"sample_rate\":16000,\"channels\":1,\"encoding\":\"pcm_s16le\"}";
      System.out.println("> " + start);
      c.text(start);
      int frame = 16000; // 0.5 s
      int frames = 0;
      for (int off = 0; off < pcm.length; off += frame) {
        c.binary(pcm, off, Math.min(frame, pcm.length - off));
        frames++;
      }
      System.out.printf("> (%d binary frames, %d bytes)%n", frames, pcm.length);
      System.out.println("> {\"end\":true}");
      c.end();
      int code = c.awaitClose(Duration.ofSeconds(30));
      for (StreamClient.Message m : c.messages()) {
        System.out.println("< " + m.text());
      }
      System.out.println("< close " + code + " " + c.closeReason());
    }
  }
}
