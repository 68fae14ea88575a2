package dev.vigil.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A JSON object as a Spark {@link Row} of a given schema, field by field by name: a missing or
 * {@code null} field is null; objects become maps (keys in their order) or structs as the schema
 * says, arrays Scala sequences. Only the types of {@link ResultSchema} are handled.
 */
final class JsonRows {
  private JsonRows() {}

  /** The row of {@code schema} that {@code o} describes. */
  static Row toRow(JsonNode o, StructType schema) {
    StructField[] fields = schema.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = value(o.get(fields[i].name()), fields[i].dataType(), fields[i].name());
    }
    return RowFactory.create(values);
  }

  private static Object value(JsonNode n, DataType t, String name) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (t.equals(DataTypes.StringType)) {
      return n.asText();
    }
    if (t.equals(DataTypes.DoubleType)) {
      return n.asDouble();
    }
    if (t.equals(DataTypes.IntegerType)) {
      return n.asInt();
    }
    if (t.equals(DataTypes.LongType)) {
      return n.asLong();
    }
    if (t.equals(DataTypes.BooleanType)) {
      return n.asBoolean();
    }
    if (t instanceof StructType s) {
      return toRow(n, s);
    }
    if (t instanceof MapType m) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        map.put(e.getKey(), value(e.getValue(), m.valueType(), name));
      }
      return CollectionConverters.asScala(map);
    }
    if (t instanceof ArrayType a) {
      List<Object> list = new ArrayList<>(n.size());
      for (JsonNode e : n) {
        list.add(value(e, a.elementType(), name));
      }
      return CollectionConverters.asScala(list).toSeq();
    }
    throw new IllegalArgumentException(name + ": no conversion to " + t.simpleString());
  }
}
