package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link AudioDecoders#looksLikeMedia}: the decoders' signatures, loosened for choosing files; and
 * the extensions that decide without looking inside.
 */
class LooksLikeMediaTest {
  private static boolean looks(byte[] b) {
    return AudioDecoders.looksLikeMedia(b, b.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void knownContainersTagsAndFrameSyncs() {
    assertTrue(looks(ascii("RIFF\0\0\0\0WAVEfmt ")));
    assertTrue(looks(ascii("RIFF\0\0\0\0AVI LIST")));
    assertTrue(looks(ascii("fLaC\0\0\0\"")));
    assertTrue(looks(ascii("OggS\0\2")));
    assertTrue(looks(ascii("\0\0\0\u0020ftypM4A ")));
    assertTrue(looks(ascii("FORM\0\0\0\0AIFF")));
    assertTrue(looks(ascii("#!AMR\n")));
    assertTrue(looks(ascii("ID3\4\0")));
    assertTrue(looks(new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0}));
    assertTrue(looks(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}));
    byte[] ts = new byte[AudioDecoders.MEDIA_HEAD_BYTES];
    ts[0] = ts[188] = ts[376] = 0x47;
    assertTrue(looks(ts), "an MPEG transport stream shows in the first 564 bytes");
  }

  @Test
  void textImagesAndShortInputsAreNot() {
    assertFalse(looks(ascii("hello, world\n")));
    assertFalse(looks(ascii("\u0089PNG\r\n\u001a\n")));
    assertFalse(looks(ascii("RIFF\0\0\0\0WEBPVP8 ")), "a RIFF that is neither WAVE nor AVI");
    assertFalse(looks(new byte[0]));
    assertFalse(AudioDecoders.looksLikeMedia(ascii("fLaC"), 2), "only n bytes count");
  }

  @Test
  void extensionsDecideByTheLastDotOfTheName() {
    assertTrue(AudioDecoders.hasMediaExtension("a.WAV"));
    assertTrue(AudioDecoders.hasMediaExtension("hdfs://nn/x.y/b.m4a"));
    assertFalse(AudioDecoders.hasMediaExtension("b.wav.txt"));
    assertTrue(AudioDecoders.hasNonMediaExtension("b.wav.txt"));
    assertTrue(AudioDecoders.hasNonMediaExtension(".DS_Store"));
    assertFalse(AudioDecoders.hasMediaExtension("dir.wav/noext"), "a dot in a folder name");
    assertFalse(AudioDecoders.hasNonMediaExtension("dir.txt/noext"));
    assertFalse(
        AudioDecoders.hasMediaExtension("x.dat") || AudioDecoders.hasNonMediaExtension("x"));
  }
}
