package dev.vigil.cli.scan;

import dev.vigil.runtime.decode.AudioDecoders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.io.FilenameUtils;

/**
 * Decides which walked files are audio or video worth scoring: a known audio/video extension is
 * taken as it is (a broken one then fails with an error line), a known non-media extension is
 * skipped, and anything else (no or unknown extension) is taken when its first bytes carry a known
 * audio/video signature.
 */
public final class MediaSniffer {

  /** Extensions taken without looking inside. */
  public static final Set<String> MEDIA_EXTENSIONS =
      Set.of(
          "wav", "wave", "w64", "rf64", "bwf", "flac", "mp3", "mp2", "mpga", "ogg", "oga", "opus",
          "spx", "m4a", "m4b", "mp4", "m4v", "aac", "adts", "webm", "mka", "mkv", "mov", "avi",
          "wma", "wmv", "asf", "aif", "aiff", "aifc", "au", "snd", "amr", "3gp", "3g2", "caf",
          "ac3", "eac3", "wv", "ape", "tta", "mpc", "ts", "mts", "m2ts", "ra", "rm", "voc", "gsm",
          "ogv", "flv", "mpg", "mpeg");

  /** Extensions skipped without looking inside. */
  public static final Set<String> NON_MEDIA_EXTENSIONS =
      Set.of(
          "txt",
          "md",
          "rst",
          "json",
          "jsonl",
          "csv",
          "tsv",
          "xml",
          "html",
          "htm",
          "pdf",
          "jpg",
          "jpeg",
          "png",
          "gif",
          "bmp",
          "tif",
          "tiff",
          "svg",
          "webp",
          "heic",
          "zip",
          "gz",
          "tgz",
          "bz2",
          "xz",
          "zst",
          "tar",
          "7z",
          "rar",
          "doc",
          "docx",
          "xls",
          "xlsx",
          "ppt",
          "pptx",
          "odt",
          "exe",
          "dll",
          "so",
          "dylib",
          "class",
          "jar",
          "py",
          "java",
          "c",
          "h",
          "cpp",
          "js",
          "css",
          "sh",
          "log",
          "ini",
          "cfg",
          "conf",
          "yaml",
          "yml",
          "toml",
          "npy",
          "npz",
          "onnx",
          "pt",
          "pth",
          "ckpt",
          "safetensors",
          "lab",
          "textgrid",
          "srt",
          "vtt",
          "lst",
          "scp",
          "ark",
          "db",
          "sqlite",
          "parquet",
          "pkl",
          "ds_store");

  private MediaSniffer() {}

  /** True when the file should be scored. */
  public static boolean isMedia(Path file) {
    String ext = FilenameUtils.getExtension(file.getFileName().toString()).toLowerCase(Locale.ROOT);
    if (MEDIA_EXTENSIONS.contains(ext)) {
      return true;
    }
    if (NON_MEDIA_EXTENSIONS.contains(ext)) {
      return false;
    }
    byte[] head = new byte[AudioDecoders.MEDIA_HEAD_BYTES];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return true; // unreadable: let the scan report it as an error line rather than hide it
    }
    return AudioDecoders.looksLikeMedia(head, n);
  }
}
