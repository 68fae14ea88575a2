package dev.vigil.cli.scan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSnifferTest {

  @TempDir Path dir;

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void extensionsDecideWithoutLooking() throws IOException {
    assertTrue(MediaSniffer.isMedia(file("a.WAV", ascii("text"))));
    assertTrue(MediaSniffer.isMedia(file("a.m4a", new byte[0])));
    assertFalse(MediaSniffer.isMedia(file("a.txt", ascii("RIFF\0\0\0\0WAVEfmt "))));
  }

  @Test
  void unknownExtensionsAreSniffed() throws IOException {
    assertTrue(MediaSniffer.isMedia(file("noext", ascii("RIFF\0\0\0\0WAVEfmt "))));
    assertTrue(MediaSniffer.isMedia(file("x.dat", ascii("fLaC\0\0\0\""))));
    assertTrue(MediaSniffer.isMedia(file("x.bin", ascii("OggS\0\2"))));
    assertTrue(MediaSniffer.isMedia(file("x.bin2", ascii("ID3\4\0"))));
    assertTrue(MediaSniffer.isMedia(file("x.q", ascii("\0\0\0\u0020ftypM4A "))));
    assertTrue(
        MediaSniffer.isMedia(file("x.r", new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0})));
    assertTrue(
        MediaSniffer.isMedia(file("x.s", new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3})));
    assertFalse(MediaSniffer.isMedia(file("x.t", ascii("hello world, plain text"))));
    assertFalse(MediaSniffer.isMedia(file("empty", new byte[0])));
  }
}
