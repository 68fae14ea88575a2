package dev.vigil.trainer.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.trainer.augment.AugmentConfig;
import dev.vigil.trainer.data.DataSpec;
import dev.vigil.trainer.eval.OperatingPoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training recipe (JSON or YAML, snake_case keys; every value has a default and can be overridden
 * on the command line with {@code --set key=value}, dotted for nested keys).
 *
 * @param name the model name recorded in provenance
 * @param version the model version recorded in provenance
 * @param recipe {@code mile} (experts on pooled data, then the gate), {@code mele} (one expert per
 *     domain, then the gate on the union) or {@code single} (one expert on all data)
 * @param data the data sources
 * @param experts the experts, in output order
 * @param gate the gate type ({@code attention}, {@code mlp}, {@code classic}, {@code single})
 * @param gateConfig gate options
 * @param stageTwo {@code joint} (gate and experts train together; default) or {@code frozen}
 *     (experts frozen, in inference mode)
 * @param stageTwoSplit {@code same} (the gate sees the experts' training data) or {@code holdout}
 *     (a group-disjoint part of the training split is held out of stage one for the gate)
 * @param holdoutFraction share of training clips held out for stage two with {@code holdout}
 * @param holdoutBy group key of the hold-out: {@code origin} (falls back to speaker), {@code
 *     speaker}, {@code system}
 * @param trainSplit the split trained on
 * @param valSplit the split validated on (losses, early stopping, thresholds, calibration)
 * @param seed run seed (DJL/PyTorch and Java generators)
 * @param lr AdamW learning rate
 * @param weightDecay AdamW decoupled weight decay
 * @param batchSize batch size (even: half bona fide, half spoof)
 * @param labelSmoothing label smoothing of the experts' cross-entropy
 * @param epochs most epochs per stage
 * @param stageTwoEpochs most epochs of stage two (default: {@code epochs})
 * @param stepsPerEpoch training steps per epoch (0 = training clips / batch size, at least 1)
 * @param valBatches validation batches per epoch (0 = validation clips / batch size, at least 1)
 * @param patience early-stopping patience on validation loss, epochs
 * @param schedule {@code epoch} or {@code step} (cosine granularity)
 * @param tMax cosine period in epochs or steps (per {@code schedule})
 * @param etaMin cosine floor
 * @param windowSeconds training crop length (the model window; 3 s)
 * @param workers batch worker threads
 * @param prefetch batches made ahead
 * @param cacheMb decoded-audio cache budget, MiB
 * @param budgetMinutes wall-clock budget of the whole run (0 = none); the run stops cleanly and can
 *     resume
 * @param calibration {@code temperature}, {@code platt} or {@code none}
 * @param paritySegments real validation windows stored with the checkpoint for export parity
 * @param augment the online augmentations
 * @param domainBalance α in [0, 1]: within a class a training domain of n clips is drawn in
 *     proportion to n^α (1 = every clip alike, the default; 0 = every domain alike)
 * @param stageTwoDomainBalance α for stage two alone (-1: as {@code domainBalance}): how the gate
 *     sees the training domains
 */
public record Recipe(
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("recipe") String recipe,
    @JsonProperty("data") List<DataSpec> data,
    @JsonProperty("experts") List<ExpertRecipe> experts,
    @JsonProperty("gate") String gate,
    @JsonProperty("gate_config") Map<String, Object> gateConfig,
    @JsonProperty("stage_two") String stageTwo,
    @JsonProperty("stage_two_split") String stageTwoSplit,
    @JsonProperty("holdout_fraction") double holdoutFraction,
    @JsonProperty("holdout_by") String holdoutBy,
    @JsonProperty("train_split") String trainSplit,
    @JsonProperty("val_split") String valSplit,
    @JsonProperty("seed") long seed,
    @JsonProperty("lr") double lr,
    @JsonProperty("weight_decay") double weightDecay,
    @JsonProperty("batch_size") int batchSize,
    @JsonProperty("label_smoothing") double labelSmoothing,
    @JsonProperty("epochs") int epochs,
    @JsonProperty("stage_two_epochs") int stageTwoEpochs,
    @JsonProperty("steps_per_epoch") int stepsPerEpoch,
    @JsonProperty("val_batches") int valBatches,
    @JsonProperty("patience") int patience,
    @JsonProperty("schedule") String schedule,
    @JsonProperty("t_max") int tMax,
    @JsonProperty("eta_min") double etaMin,
    @JsonProperty("window_seconds") double windowSeconds,
    @JsonProperty("workers") int workers,
    @JsonProperty("prefetch") int prefetch,
    @JsonProperty("cache_mb") int cacheMb,
    @JsonProperty("budget_minutes") double budgetMinutes,
    @JsonProperty("calibration") String calibration,
    @JsonProperty("default_operating_point") String defaultOperatingPoint,
    @JsonProperty("parity_segments") int paritySegments,
    @JsonProperty("augment") AugmentConfig augment,
    @JsonProperty("domain_balance") double domainBalance,
    @JsonProperty("stage_two_domain_balance") double stageTwoDomainBalance) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Validates the values that would otherwise fail late. */
  public Recipe {
    check(
        List.of("mile", "mele", "single").contains(recipe),
        "recipe must be one of mile, mele, single; got " + recipe);
    check(
        List.of("joint", "frozen").contains(stageTwo),
        "stage_two must be joint or frozen; got " + stageTwo);
    check(
        List.of("same", "holdout").contains(stageTwoSplit),
        "stage_two_split must be same or holdout; got " + stageTwoSplit);
    check(
        List.of("epoch", "step").contains(schedule),
        "schedule must be epoch or step; got " + schedule);
    check(
        List.of("temperature", "platt", "none").contains(calibration),
        "calibration must be temperature, platt or none; got " + calibration);
    check(
        OperatingPoints.NAMES.contains(defaultOperatingPoint),
        "default_operating_point must be one of "
            + String.join(", ", OperatingPoints.NAMES)
            + "; got "
            + defaultOperatingPoint);
    check(
        batchSize >= 2 && batchSize % 2 == 0, "batch_size must be even and >= 2; got " + batchSize);
    check(lr > 0 && etaMin >= 0 && etaMin <= lr, "need lr > 0 and 0 <= eta_min <= lr");
    check(epochs >= 1 && patience >= 1 && tMax >= 1, "epochs, patience and t_max must be >= 1");
    check(labelSmoothing >= 0 && labelSmoothing < 1, "label_smoothing must be in [0, 1)");
    check(holdoutFraction > 0 && holdoutFraction < 1, "holdout_fraction must be in (0, 1)");
    check(windowSeconds > 0, "window_seconds must be > 0");
    check(domainBalance >= 0 && domainBalance <= 1, "domain_balance must be in [0, 1]");
    check(
        stageTwoDomainBalance == -1 || (stageTwoDomainBalance >= 0 && stageTwoDomainBalance <= 1),
        "stage_two_domain_balance must be in [0, 1] (or -1: as domain_balance)");
    check(workers >= 1 && prefetch >= 1, "workers and prefetch must be >= 1");
    check(experts != null && !experts.isEmpty(), "a recipe needs at least one expert");
    check(data != null && !data.isEmpty(), "a recipe needs at least one data source");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Window W in samples at 16 kHz. */
  public int windowSamples() {
    return (int) Math.round(windowSeconds * 16000);
  }

  /** Stage two's α (falls back to {@code domain_balance}). */
  public double stageTwoDomainBalanceOrDefault() {
    return stageTwoDomainBalance >= 0 ? stageTwoDomainBalance : domainBalance;
  }

  /** Stage-two epochs (falls back to {@code epochs}). */
  public int stageTwoEpochsOrDefault() {
    return stageTwoEpochs > 0 ? stageTwoEpochs : epochs;
  }

  /** The defaults as a JSON tree (every key, so overrides can be checked against it). */
  public static ObjectNode defaults() {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", "vigil-mixture");
    n.put("version", "unversioned");
    n.put("recipe", "mile");
    n.putArray("data");
    n.putArray("experts");
    n.put("gate", "attention");
    n.putObject("gate_config");
    n.put("stage_two", "joint");
    n.put("stage_two_split", "same");
    n.put("holdout_fraction", 0.3);
    n.put("holdout_by", "origin");
    n.put("train_split", "train");
    n.put("val_split", "dev");
    n.put("seed", 1234);
    n.put("lr", 1e-4);
    n.put("weight_decay", 1e-4);
    n.put("batch_size", 64);
    n.put("label_smoothing", 0.2);
    n.put("epochs", 150);
    n.put("stage_two_epochs", 0);
    n.put("steps_per_epoch", 0);
    n.put("val_batches", 0);
    n.put("patience", 20);
    n.put("schedule", "epoch");
    n.put("t_max", 100);
    n.put("eta_min", 1e-5);
    n.put("window_seconds", 3.0);
    n.put("workers", 2);
    n.put("prefetch", 4);
    n.put("cache_mb", 2048);
    n.put("budget_minutes", 0.0);
    n.put("calibration", "temperature");
    n.put("default_operating_point", "eer");
    n.put("parity_segments", 8);
    n.set("augment", JSON.valueToTree(AugmentConfig.none()));
    n.put("domain_balance", 1.0);
    n.put("stage_two_domain_balance", -1.0);
    return n;
  }

  /**
   * Reads a recipe file (YAML when it ends in .yaml/.yml, else JSON) over the defaults, then
   * applies {@code key=value} overrides.
   *
   * @param file the recipe, or null for the defaults alone
   * @param overrides {@code key=value} strings, dotted keys for nested values
   * @throws IOException naming the file when it cannot be read or parsed
   * @throws IllegalArgumentException for unknown keys or invalid values
   */
  public static Recipe load(Path file, List<String> overrides) throws IOException {
    ObjectNode tree = defaults();
    if (file != null) {
      String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
      ObjectMapper m = n.endsWith(".yaml") || n.endsWith(".yml") ? YAML : JSON;
      JsonNode read;
      try {
        read = m.readTree(Files.readString(file));
      } catch (JsonProcessingException e) {
        throw new IOException(file + ": not a valid recipe: " + e.getOriginalMessage(), e);
      }
      if (read == null || !read.isObject()) {
        throw new IOException(file + ": a recipe must be a JSON/YAML object");
      }
      merge(tree, (ObjectNode) read, "");
    }
    for (String o : overrides == null ? List.<String>of() : overrides) {
      applyOverride(tree, o);
    }
    return fromTree(tree, file == null ? "defaults" : file.toString());
  }

  /** Binds a JSON tree (full or partial, over the defaults) to a recipe. */
  public static Recipe fromTree(JsonNode tree, String where) {
    ObjectNode full = defaults();
    merge(full, (ObjectNode) tree, "");
    try {
      return JSON.treeToValue(full, Recipe.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": " + e.getOriginalMessage(), e);
    }
  }

  /** This recipe as JSON. */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This recipe as a tree. */
  public ObjectNode toTree() {
    return JSON.valueToTree(this);
  }

  private static void merge(ObjectNode into, ObjectNode from, String prefix) {
    from.fieldNames()
        .forEachRemaining(
            k -> {
              JsonNode v = from.get(k);
              JsonNode cur = into.get(k);
              if (cur == null && prefix.isEmpty()) {
                throw new IllegalArgumentException(
                    "unknown recipe key '" + k + "' (valid: " + fieldList(into) + ")");
              }
              if (cur instanceof ObjectNode co
                  && v instanceof ObjectNode vo
                  && !k.equals("gate_config")) {
                merge(co, vo, prefix + k + ".");
              } else {
                into.set(k, v);
              }
            });
  }

  private static String fieldList(ObjectNode n) {
    StringBuilder sb = new StringBuilder();
    n.fieldNames().forEachRemaining(f -> sb.append(sb.length() == 0 ? "" : ", ").append(f));
    return sb.toString();
  }

  static void applyOverride(ObjectNode tree, String kv) {
    int eq = kv.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("override '" + kv + "' must be key=value");
    }
    String[] path = kv.substring(0, eq).strip().split("\\.");
    String raw = kv.substring(eq + 1).strip();
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      if (child instanceof ObjectNode o) {
        node = o;
      } else if (child == null && "gate_config".equals(path[0])) {
        node = node.putObject(path[i]);
      } else {
        throw new IllegalArgumentException(
            "override '" + kv + "': no nested key '" + path[i] + "'");
      }
    }
    String key = path[path.length - 1];
    if (!node.has(key) && !"gate_config".equals(path[0])) {
      throw new IllegalArgumentException(
          "override '" + kv + "': unknown key '" + key + "' (valid: " + fieldList(node) + ")");
    }
    JsonNode value;
    try {
      value = JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      value = JSON.getNodeFactory().textNode(raw);
    }
    if (value == null || value.isMissingNode()) {
      value = JSON.getNodeFactory().textNode(raw);
    }
    node.set(key, value);
  }
}
