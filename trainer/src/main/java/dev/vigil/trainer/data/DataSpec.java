package dev.vigil.trainer.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One data source of a recipe (JSON/YAML, snake_case keys).
 *
 * @param reader {@code manifest}, {@code folder}, {@code asv19}, {@code asv5}, {@code itw}, {@code
 *     for}, {@code add2022}
 * @param path the manifest, root folder, protocol or label file
 * @param audio the audio folder ({@code asv5}, {@code add2022})
 * @param name the data set name to record (defaults to the reader's)
 * @param part the part to read ({@code asv19}: train/dev/eval) or the split to record ({@code
 *     asv5}, {@code add2022}, {@code folder})
 * @param domain overrides every clip's domain
 * @param splitBy how to assign splits when the layout has none: {@code stratified} (default for
 *     In-the-Wild), {@code speaker}, {@code origin}, {@code system}, {@code file}, or empty (keep)
 * @param splitFile the split file for {@code split_by: file}
 * @param fractions train/dev/test fractions (default 0.6/0.2/0.2)
 * @param seed split seed (default 1234)
 * @param excludeDomains domains (a manifest's {@code domain}, else its {@code source}) whose clips
 *     are left out, e.g. one copy-synthesis method in an ablation
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record DataSpec(
    @JsonProperty("reader") String reader,
    @JsonProperty("path") String path,
    @JsonProperty("audio") String audio,
    @JsonProperty("name") String name,
    @JsonProperty("part") String part,
    @JsonProperty("domain") String domain,
    @JsonProperty("split_by") String splitBy,
    @JsonProperty("split_file") String splitFile,
    @JsonProperty("fractions") List<Double> fractions,
    @JsonProperty("seed") Long seed,
    @JsonProperty("exclude_domains") List<String> excludeDomains) {

  /** The reader names, for messages. */
  public static final List<String> READERS =
      List.of("manifest", "folder", "asv19", "asv5", "itw", "for", "add2022");

  /** A manifest source with a split rule. */
  public static DataSpec manifest(String path, String splitBy) {
    return new DataSpec("manifest", path, null, null, null, null, splitBy, null, null, null, null);
  }
}
