package dev.vigil.runtime.decode;

import java.util.Locale;
import java.util.Set;

/**
 * File name extensions that say whether a file found in a folder is worth trying: known audio and
 * video containers, and known other kinds (text, images, archives, code, models, ...). Lower case,
 * without the dot. The bytes still decide how (and whether) a file decodes.
 */
final class MediaExtensions {
  private MediaExtensions() {}

  /** Audio and video extensions: tried without looking inside. */
  static final Set<String> MEDIA =
      Set.of(
          "wav", "wave", "w64", "rf64", "bwf", "flac", "mp3", "mp2", "mpga", "ogg", "oga", "opus",
          "spx", "m4a", "m4b", "mp4", "m4v", "aac", "adts", "webm", "mka", "mkv", "mov", "avi",
          "wma", "wmv", "asf", "aif", "aiff", "aifc", "au", "snd", "amr", "3gp", "3g2", "caf",
          "ac3", "eac3", "wv", "ape", "tta", "mpc", "ts", "mts", "m2ts", "ra", "rm", "voc", "gsm",
          "ogv", "flv", "mpg", "mpeg");

  /** Other kinds of file: skipped without looking inside. */
  static final Set<String> NON_MEDIA =
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

  /** The extension of a file name, lower case, without the dot; "" when there is none. */
  static String of(String fileName) {
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    int dot = fileName.lastIndexOf('.');
    return dot <= slash ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
