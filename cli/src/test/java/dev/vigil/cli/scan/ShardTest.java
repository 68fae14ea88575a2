package dev.vigil.cli.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void fnv1a64KnownAnswers() {
    // reference values of the 64-bit FNV-1a test suite
    assertEquals(0xcbf29ce484222325L, Shard.fnv1a64(""));
    assertEquals(0xaf63dc4c8601ec8cL, Shard.fnv1a64("a"));
    assertEquals(0x85944171f73967e8L, Shard.fnv1a64("foobar"));
  }

  @Test
  void everyPathIsInExactlyOneShard() {
    for (int i = 0; i < 500; i++) {
      String p = "dir" + (i % 7) + "/file-" + i + "-é.wav";
      int hits = 0;
      for (int k = 0; k < 5; k++) {
        hits += new Shard(k, 5).contains(p) ? 1 : 0;
      }
      assertEquals(1, hits, p);
    }
  }

  @Test
  void parseIsZeroBasedAndValidated() {
    assertEquals(new Shard(0, 4), Shard.parse("0/4"));
    assertEquals(new Shard(3, 4), Shard.parse(" 3 / 4 "));
    for (String bad : new String[] {"4/4", "-1/4", "1/0", "1", "a/b", "1/2/3"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
      assertTrue(e.getMessage().contains("K/N"), e.getMessage());
    }
  }
}
