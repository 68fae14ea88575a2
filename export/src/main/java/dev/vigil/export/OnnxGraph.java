package dev.vigil.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A small builder of an ONNX {@link GraphProto} over the generated ONNX protobuf classes that ship
 * in tribuo-util-onnx: unique value names, float/int64 initializers (raw little-endian data, kept
 * in creation order), nodes with attributes, and inputs/outputs with a symbolic batch dimension.
 */
final class OnnxGraph {
  /** Name of the symbolic batch dimension. */
  static final String BATCH = "N";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A fresh value name starting with {@code base}. */
  String fresh(String base) {
    return base + "_" + counter++;
  }

  /** Adds a float32 graph input; a dimension of -1 is the batch dimension {@value #BATCH}. */
  void input(String name, long... dims) {
    graph.addInput(valueInfo(name, dims));
  }

  /** Declares a float32 graph output; -1 is the batch dimension. */
  void output(String name, long... dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  /** A float32 initializer holding {@code data} with shape {@code dims}; returns its name. */
  String floats(String base, float[] data, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          base
              + ": "
              + data.length
              + " floats do not fill shape "
              + java.util.Arrays.toString(dims));
    }
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    return initializer(
        base, TensorProto.DataType.FLOAT_VALUE, ByteString.copyFrom(buf.array()), dims);
  }

  /** A float32 scalar initializer. */
  String scalar(String base, float value) {
    return floats(base, new float[] {value});
  }

  /** A 1-D int64 initializer (axes, shapes, slice bounds). */
  String longs(String base, long... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    return initializer(
        base, TensorProto.DataType.INT64_VALUE, ByteString.copyFrom(buf.array()), values.length);
  }

  /** A 0-D int64 initializer (a Gather index that drops the axis). */
  String longScalar(String base, long value) {
    ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(value);
    return initializer(base, TensorProto.DataType.INT64_VALUE, ByteString.copyFrom(buf.array()));
  }

  private String initializer(String base, int type, ByteString raw, long... dims) {
    String name = fresh(base);
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(type).setRawData(raw);
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds a node with one output named {@code fresh(op)}; returns the output name. */
  String node(String op, List<String> inputs, AttributeProto... attrs) {
    String out = fresh(op.toLowerCase(java.util.Locale.ROOT));
    nodeTo(op, inputs, List.of(out), attrs);
    return out;
  }

  /** Adds a node with the given output names. */
  void nodeTo(String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh("n_" + op));
    n.addAllInput(inputs).addAllOutput(outputs);
    for (AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    graph.addNode(n);
  }

  /** Adds a node with {@code count} fresh outputs; returns their names. */
  List<String> nodeN(String op, List<String> inputs, int count, AttributeProto... attrs) {
    List<String> outs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      outs.add(fresh(op.toLowerCase(java.util.Locale.ROOT)));
    }
    nodeTo(op, inputs, outs, attrs);
    return outs;
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto attr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto attr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  static AttributeProto attrs(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto attr(String name, TensorProto value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.TENSOR)
        .setT(value)
        .build();
  }

  private static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      if (d < 0) {
        shape.addDimBuilder().setDimParam(BATCH);
      } else {
        shape.addDimBuilder().setDimValue(d);
      }
    }
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT_VALUE)
                    .setShape(shape))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }
}
