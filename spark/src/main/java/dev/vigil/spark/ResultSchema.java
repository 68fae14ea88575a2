package dev.vigil.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import dev.vigil.runtime.verdict.VerdictCsv;
import dev.vigil.runtime.verdict.VerdictJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema of a scan's rows: the fields of {@code vigil scan}'s JSON lines
 * (docs/output-schema.md), in the same order, with {@code expert_scores} and {@code gate_weights}
 * as maps from expert name to number, {@code timings_ms} as a struct, {@code warnings} as an array
 * of strings, then {@code file_size_bytes} and {@code file_mtime_ms}, and {@code segments} as an
 * array of structs when asked for.
 */
public final class ResultSchema {
  private ResultSchema() {}

  private static final DataType SCORES =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true);

  /** The row schema, with the {@code segments} column when {@code segments} is true. */
  public static StructType of(boolean segments) {
    List<StructField> f = new ArrayList<>();
    f.add(field(VerdictJson.PATH, DataTypes.StringType, false));
    f.add(field(VerdictJson.CHANNEL, DataTypes.IntegerType, true));
    f.add(field(VerdictJson.LABEL, DataTypes.StringType, true));
    f.add(field(VerdictJson.SCORE, DataTypes.DoubleType, true));
    f.add(field(VerdictJson.THRESHOLD, DataTypes.DoubleType, true));
    f.add(field(VerdictJson.DURATION_S, DataTypes.DoubleType, true));
    f.add(field(VerdictJson.N_SEGMENTS, DataTypes.IntegerType, true));
    f.add(field(VerdictJson.N_SILENT_SEGMENTS, DataTypes.IntegerType, true));
    f.add(field(VerdictJson.MAX_SEGMENT_SCORE, DataTypes.DoubleType, true));
    f.add(field(VerdictJson.EXPERT_SCORES, SCORES, true));
    f.add(field(VerdictJson.GATE_WEIGHTS, SCORES, true));
    f.add(field(VerdictJson.CODEC, DataTypes.StringType, true));
    f.add(field(VerdictJson.CONTAINER, DataTypes.StringType, true));
    f.add(field(VerdictJson.SAMPLE_RATE_HZ, DataTypes.IntegerType, true));
    f.add(field(VerdictJson.CHANNELS, DataTypes.IntegerType, true));
    f.add(field(VerdictJson.MODEL_ID, DataTypes.StringType, false));
    f.add(field(VerdictJson.MODEL_VERSION, DataTypes.StringType, false));
    f.add(field(VerdictJson.PROCESSING_MS, DataTypes.DoubleType, true));
    f.add(field(VerdictJson.TIMINGS_MS, timings(), true));
    f.add(
        field(VerdictJson.WARNINGS, DataTypes.createArrayType(DataTypes.StringType, false), false));
    f.add(field(VerdictJson.ERROR, DataTypes.StringType, true));
    f.add(field(VerdictJson.ERROR_CODE, DataTypes.StringType, true));
    f.add(field(VerdictJson.FILE_SIZE_BYTES, DataTypes.LongType, true));
    f.add(field(VerdictJson.FILE_MTIME_MS, DataTypes.LongType, true));
    if (segments) {
      f.add(field(VerdictJson.SEGMENTS, DataTypes.createArrayType(segment(), false), true));
    }
    return DataTypes.createStructType(f);
  }

  private static StructType timings() {
    return DataTypes.createStructType(
        List.of(
            field("decode", DataTypes.DoubleType, true),
            field("features", DataTypes.DoubleType, true),
            field("inference", DataTypes.DoubleType, true),
            field("total", DataTypes.DoubleType, true)));
  }

  private static StructType segment() {
    return DataTypes.createStructType(
        List.of(
            field("index", DataTypes.IntegerType, false),
            field("start_s", DataTypes.DoubleType, false),
            field("end_s", DataTypes.DoubleType, false),
            field(VerdictJson.SCORE, DataTypes.DoubleType, true),
            field(VerdictJson.EXPERT_SCORES, SCORES, false),
            field(VerdictJson.GATE_WEIGHTS, SCORES, false),
            field("silent", DataTypes.BooleanType, false)));
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }

  /**
   * The rows as {@code vigil scan --format csv} lays them out: the same columns in the same order
   * ({@code expert_score.<NAME>} and {@code gate_weight.<NAME>} per expert instead of the maps, no
   * {@code timings_ms}, {@code warnings} joined with {@code ;}, the {@code segments} timeline as
   * one JSON array), for Spark's CSV writer, which takes no nested columns.
   *
   * @param results rows of {@link #of}
   * @param experts the model's expert names, in its order
   */
  public static Dataset<Row> flatForCsv(Dataset<Row> results, List<String> experts) {
    List<Column> c = new ArrayList<>();
    VerdictCsv.LEADING.forEach(name -> c.add(col(name)));
    for (String e : experts) {
      c.add(element_at(col(VerdictJson.EXPERT_SCORES), lit(e)).as(VerdictCsv.expertScore(e)));
    }
    for (String e : experts) {
      c.add(element_at(col(VerdictJson.GATE_WEIGHTS), lit(e)).as(VerdictCsv.gateWeight(e)));
    }
    for (String name : VerdictCsv.TRAILING) {
      c.add(name.equals(VerdictJson.WARNINGS) ? concat_ws(";", col(name)).as(name) : col(name));
    }
    if (List.of(results.columns()).contains(VerdictJson.SEGMENTS)) {
      c.add(to_json(col(VerdictJson.SEGMENTS)).as(VerdictJson.SEGMENTS));
    }
    return results.select(c.toArray(Column[]::new));
  }
}
