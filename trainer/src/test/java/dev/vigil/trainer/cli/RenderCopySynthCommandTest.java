package dev.vigil.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.data.Clip;
import dev.vigil.trainer.data.DataSet;
import dev.vigil.trainer.data.DemoData;
import dev.vigil.trainer.data.ManifestReader;
import dev.vigil.trainer.vocode.CopySynthRenderer;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCopySynthCommandTest {
  @TempDir Path tmp;

  /** Two bona fide WAVs, one spoof WAV and one undecodable bona fide file, in a kit manifest. */
  private Path kit() throws Exception {
    Path dir = tmp.resolve("kit");
    DemoData.write(dir, 2, 7);
    Files.writeString(dir.resolve("bonafide/broken.flac"), "not audio");
    Path kit = dir.resolve("kit.csv");
    Files.writeString(
        kit,
        "path,label,source,system,language,speaker,origin,license\n"
            + "bonafide/0000.wav,bonafide,demo,human,en,spk0,utt0,CC0-1.0\n"
            + "spoof/0000.wav,spoof,demo,demo_vocoder0,en,spk0,utt0,CC0-1.0\n"
            + "bonafide/broken.flac,bonafide,demo,human,en,spk2,utt2,CC0-1.0\n"
            + "bonafide/0001.wav,bonafide,demo,human,de,spk1,\"utt 1, take 2\",CC-BY-4.0\n");
    return kit;
  }

  private static List<CSVRecord> records(Path manifest) throws Exception {
    CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader r = Files.newBufferedReader(manifest);
        CSVParser p = CSVParser.parse(r, fmt)) {
      assertEquals(CopySynthRenderer.COLUMNS, p.getHeaderNames());
      return p.getRecords();
    }
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }

  @Test
  void rendersEveryBonafideRowOncePerMethodAndResumes() throws Exception {
    Path kit = kit();
    Path out = tmp.resolve("out");
    String[] r =
        VigilTrainTest.capture(
            "render-copysynth", "--kit", kit.toString(), "--out", out.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(1, r[1].strip().lines().count(), r[1]);
    assertTrue(
        r[1].startsWith(
            "3 bona fide clips x 2 methods: 4 files written, 0 already there,"
                + " 1 clips skipped"),
        r[1]);
    assertTrue(r[2].contains("bonafide/broken.flac"), r[2]);

    assertEquals(
        List.of(
            Path.of("griffinlim/bonafide/0000.wav"),
            Path.of("griffinlim/bonafide/0001.wav"),
            Path.of("lpc/bonafide/0000.wav"),
            Path.of("lpc/bonafide/0001.wav"),
            Path.of("manifest.csv")),
        files(out));
    List<CSVRecord> rows = records(out.resolve("manifest.csv"));
    assertEquals(4, rows.size());
    String[][] expected = {
      {"griffinlim", "bonafide/0000.wav", "en", "spk0", "utt0", "CC0-1.0"},
      {"lpc", "bonafide/0000.wav", "en", "spk0", "utt0", "CC0-1.0"},
      {"griffinlim", "bonafide/0001.wav", "de", "spk1", "utt 1, take 2", "CC-BY-4.0"},
      {"lpc", "bonafide/0001.wav", "de", "spk1", "utt 1, take 2", "CC-BY-4.0"},
    };
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i).toMap();
      String[] e = expected[i];
      assertEquals(e[0] + "/" + e[1], row.get("path"));
      assertEquals("spoof", row.get("label"));
      assertEquals("copysynth-" + e[0], row.get("source"));
      assertEquals(e[0], row.get("system"));
      assertEquals(e[2], row.get("language"));
      assertEquals(e[3], row.get("speaker"));
      assertEquals(e[4], row.get("origin"));
      assertEquals(e[5] + "; copy-synthesis by vigil-train", row.get("license"));
      assertEquals(e[1], row.get("twin"));
      float[] twin = ClipAudio.load(kit.resolveSibling(e[1]), DecodeOptions.defaults());
      float[] copy = ClipAudio.load(out.resolve(row.get("path")), DecodeOptions.defaults());
      assertEquals(twin.length, copy.length, row.get("path"));
    }
    // the manifest is a training source as it stands
    DataSet ds = ManifestReader.read(out.resolve("manifest.csv"), "copysynth");
    assertEquals(4, ds.clips().size());
    assertTrue(ds.clips().stream().allMatch(Clip::isSpoof));

    // a second run (one thread) renders nothing and writes the same manifest
    byte[] manifest = Files.readAllBytes(out.resolve("manifest.csv"));
    Path first = out.resolve("lpc/bonafide/0000.wav");
    FileTime stamp = FileTime.fromMillis(1_000_000_000L);
    Files.setLastModifiedTime(first, stamp);
    r =
        VigilTrainTest.capture(
            "render-copysynth", "--kit", kit.toString(), "--out", out.toString(), "--threads", "1");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains(": 0 files written, 4 already there,"), r[1]);
    assertEquals(stamp, Files.getLastModifiedTime(first));
    assertArrayEquals(manifest, Files.readAllBytes(out.resolve("manifest.csv")));

    // one thread from scratch gives the same bytes as the default thread count
    Path again = tmp.resolve("again");
    r =
        VigilTrainTest.capture(
            "render-copysynth",
            "--kit",
            kit.toString(),
            "--out",
            again.toString(),
            "--threads",
            "1");
    assertEquals("0", r[0], r[2]);
    for (Path f : files(out)) {
      assertArrayEquals(Files.readAllBytes(out.resolve(f)), Files.readAllBytes(again.resolve(f)));
    }
  }

  @Test
  void oneMethodRendersOnlyItsFolder() throws Exception {
    Path out = tmp.resolve("lpc-only");
    String[] r =
        VigilTrainTest.capture(
            "render-copysynth",
            "--kit",
            kit().toString(),
            "--out",
            out.toString(),
            "--methods",
            "lpc",
            "--seed",
            "9");
    assertEquals("0", r[0], r[2]);
    assertFalse(Files.exists(out.resolve("griffinlim")));
    assertEquals(2, records(out.resolve("manifest.csv")).size());
  }

  @Test
  void unknownMethodIsOneLineNamingTheValidOnes() throws Exception {
    String[] r =
        VigilTrainTest.capture(
            "render-copysynth",
            "--kit",
            kit().toString(),
            "--out",
            tmp.resolve("x").toString(),
            "--methods",
            "lpc,wavenet");
    assertEquals("1", r[0]);
    assertEquals(1, r[2].strip().lines().count(), r[2]);
    assertTrue(r[2].contains("'wavenet'") && r[2].contains("griffinlim, lpc"), r[2]);
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void nothingToWriteExitsOne() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(dir.resolve("a.flac"), "not audio");
    Path kit = dir.resolve("kit.csv");
    Files.writeString(kit, "path,label\na.flac,bonafide\n");
    String[] r =
        VigilTrainTest.capture("render-copysynth", "--kit", kit.toString(), "--out", dir + "/out");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("a.flac") && r[2].contains("nothing could be written"), r[2]);
    List<String> none = new ArrayList<>();
    assertEquals(none, files(Files.createDirectories(dir.resolve("out"))));
  }
}
