package dev.vigil.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.verdict.Label;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
  @TempDir Path tmp;

  private Path touch(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1, 2, 3});
    return p;
  }

  private Path text(Path p, String... lines) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, List.of(lines), StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void labelWordsMapPerDecisions() {
    for (String w : List.of("genuine", "Bona-Fide", "bonafide", "pristine", "real", " REAL ")) {
      assertEquals(Label.BONAFIDE, Labels.parse(w), w);
    }
    for (String w : List.of("fake", "spoof", "generated", "Spoof")) {
      assertEquals(Label.SPOOF, Labels.parse(w), w);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Labels.parse("maybe"));
    assertTrue(e.getMessage().contains("'maybe'") && e.getMessage().contains("genuine"));
  }

  @Test
  void asvspoof2019LaProtocolAndMissingFile() throws IOException {
    Path la = tmp.resolve("LA");
    text(
        la.resolve("ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.dev.trl.txt"),
        "LA_0079 LA_D_1 - - bonafide",
        "LA_0079 LA_D_2 - A01 spoof",
        "LA_0080 LA_D_3 - A02 spoof",
        "garbage line");
    touch(la.resolve("ASVspoof2019_LA_dev/flac/LA_D_1.flac"));
    touch(la.resolve("ASVspoof2019_LA_dev/flac/LA_D_2.flac"));
    DataSet ds = Asv19LaReader.read(la, "dev");
    assertEquals(2, ds.clips().size());
    assertEquals(2, ds.problems().size(), ds.problems().toString());
    assertTrue(ds.problems().get(0).contains("LA_D_3.flac: missing file"));
    Clip spoof = ds.clips().get(1);
    assertEquals(Label.SPOOF, spoof.label());
    assertEquals("A01", spoof.system());
    assertEquals("LA_0079", spoof.speaker());
    assertEquals("dev", spoof.split());
    assertEquals("bonafide", ds.clips().get(0).system());
    assertThrows(IllegalArgumentException.class, () -> Asv19LaReader.read(la, "test"));
  }

  @Test
  void asvspoof5Tsv() throws IOException {
    Path proto =
        text(
            tmp.resolve("ASVspoof5.dev.tsv"),
            "D_0062 D_0000000001 F - - - AC1 A11 spoof -",
            "D_0755 D_0000000002 M - - - bonafide - bonafide -");
    touch(tmp.resolve("flac_D/D_0000000001.flac"));
    touch(tmp.resolve("flac_D/D_0000000002.flac"));
    DataSet ds = Asv5Reader.read(proto, tmp.resolve("flac_D"), "dev");
    assertEquals(2, ds.clips().size());
    assertEquals(Label.SPOOF, ds.clips().get(0).label());
    assertEquals("A11", ds.clips().get(0).system());
    assertEquals(Label.BONAFIDE, ds.clips().get(1).label());
  }

  @Test
  void inTheWildStratifiedSplitIsSeededAndProportional() throws IOException {
    Path root = tmp.resolve("release_in_the_wild");
    String[] lines = new String[51];
    lines[0] = "file,speaker,label";
    for (int i = 0; i < 50; i++) {
      lines[i + 1] = i + ".wav,spk" + (i % 5) + "," + (i < 30 ? "bona-fide" : "spoof");
      touch(root.resolve(i + ".wav"));
    }
    text(root.resolve("meta.csv"), lines);
    DataSpec spec =
        new DataSpec("itw", root.toString(), null, null, null, null, null, null, null, null, null);
    DataSet a = DataSources.read(spec, tmp);
    DataSet b = DataSources.read(spec, tmp);
    assertEquals(a.clips(), b.clips(), "same seed, same split");
    assertEquals(18, a.split("train").count(Label.BONAFIDE));
    assertEquals(12, a.split("train").count(Label.SPOOF));
    assertEquals(6, a.split("dev").count(Label.BONAFIDE));
    assertEquals(4, a.split("test").count(Label.SPOOF));
    DataSpec bySpeaker =
        new DataSpec(
            "itw", root.toString(), null, null, null, null, "speaker", null, null, null, null);
    DataSet s = DataSources.read(bySpeaker, tmp);
    for (String spk : List.of("spk0", "spk1", "spk2", "spk3", "spk4")) {
      long splits =
          s.clips().stream()
              .filter(c -> c.speaker().equals(spk))
              .map(Clip::split)
              .distinct()
              .count();
      assertEquals(1, splits, spk + " must sit in one split");
    }
  }

  @Test
  void splitFileAssignsAndDropsUnlisted() throws IOException {
    List<Clip> clips =
        List.of(
            Clip.of(tmp.resolve("a/x.wav"), Label.BONAFIDE, "d", ""),
            Clip.of(tmp.resolve("a/y.wav"), Label.SPOOF, "d", ""),
            Clip.of(tmp.resolve("a/z.wav"), Label.SPOOF, "d", ""));
    Path f = text(tmp.resolve("split.csv"), "file,split", "x.wav,train", "a/y.wav,test");
    List<Clip> out = Splits.fromFile(clips, f);
    assertEquals(2, out.size());
    assertEquals("train", out.get(0).split());
    assertEquals("test", out.get(1).split());
    text(f, "x.wav,validation");
    IOException e = assertThrows(IOException.class, () -> Splits.fromFile(clips, f));
    assertTrue(e.getMessage().contains("validation"));
  }

  @Test
  void fakeOrRealFolders() throws IOException {
    Path root = tmp.resolve("for-original-wav");
    touch(root.resolve("training/real/a.wav"));
    touch(root.resolve("training/fake/b.wav"));
    touch(root.resolve("testing/fake/c.wav"));
    touch(root.resolve("testing/fake/notes.txt"));
    DataSet ds = FolderReader.readFakeOrReal(root);
    assertEquals(3, ds.clips().size());
    assertEquals(1, ds.split("test").clips().size());
    assertEquals(1, ds.split("train").count(Label.BONAFIDE));
    assertEquals(Label.SPOOF, ds.split("test").clips().get(0).label());
    assertThrows(IOException.class, () -> FolderReader.readFakeOrReal(tmp.resolve("nothing")));
  }

  @Test
  void add2022LabelFile() throws IOException {
    Path labels =
        text(tmp.resolve("label/train_label.txt"), "ADD_T_1.wav genuine", "ADD_T_2.wav fake");
    touch(tmp.resolve("train/ADD_T_1.wav"));
    touch(tmp.resolve("train/ADD_T_2.wav"));
    DataSet ds = Add2022Reader.read(labels, tmp.resolve("train"), "train");
    assertEquals(
        List.of(Label.BONAFIDE, Label.SPOOF), ds.clips().stream().map(Clip::label).toList());
  }

  @Test
  void folderPerLabelWithSystemSubfolders() throws IOException {
    touch(tmp.resolve("kit/bonafide/a.flac"));
    touch(tmp.resolve("kit/spoof/tts1/b.flac"));
    touch(tmp.resolve("kit/spoof/tts2/c.flac"));
    Files.createDirectories(tmp.resolve("kit/other"));
    DataSet ds = FolderReader.read(tmp.resolve("kit"), "kit", "train");
    assertEquals(3, ds.clips().size());
    assertEquals(1, ds.count(Label.BONAFIDE));
    assertEquals("tts1", ds.clips().get(1).system());
    assertEquals(2, ds.countBy(Clip::system).size() - 1);
  }

  @Test
  void manifestWithOptionalColumnsAndBadRows() throws IOException {
    touch(tmp.resolve("m/a.flac"));
    touch(tmp.resolve("m/b.flac"));
    Path m =
        text(
            tmp.resolve("m/manifest.csv"),
            "path,label,source,system,speaker,origin,license",
            "a.flac,bonafide,src1,human,s1,o1,CC0",
            "b.flac,spoof,src2,\"tts, v2\",s1,o1,CC-BY-4.0",
            "c.flac,spoof,src2,tts,s2,o2,CC0",
            "d.flac,unknown,src2,tts,s2,o2,CC0");
    DataSet ds = ManifestReader.read(m, "kit");
    assertEquals(2, ds.clips().size());
    assertEquals(2, ds.problems().size(), ds.problems().toString());
    assertEquals("tts, v2", ds.clips().get(1).system());
    assertEquals("src2", ds.clips().get(1).domain());
    assertEquals("o1", ds.clips().get(1).origin());
    DataSpec without =
        new DataSpec(
            "manifest",
            m.toString(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of("src2"));
    DataSet kept = DataSources.read(without, tmp);
    assertEquals(List.of("src1"), kept.clips().stream().map(Clip::domain).toList());
    Path bad = text(tmp.resolve("m/bad.csv"), "file,label", "a.flac,spoof");
    IOException e = assertThrows(IOException.class, () -> ManifestReader.read(bad, "kit"));
    assertTrue(e.getMessage().contains("'path'"));
  }

  @Test
  void sharedCorpusManifestReadsWithSpeakerSplit() throws IOException {
    Path kit = Path.of("/work/shared/corpus/manifest.csv");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(kit), "kit not present");
    DataSet ds = DataSources.read(DataSpec.manifest(kit.toString(), "origin"), Path.of("."));
    assertTrue(ds.count(Label.BONAFIDE) > 0 && ds.count(Label.SPOOF) > 0);
    assertTrue(ds.split("train").clips().size() > ds.split("dev").clips().size());
    assertTrue(ds.countBy(Clip::system).size() > 2);
  }
}
