package dev.vigil.runtime.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} the runtime needs, read with a minimal protobuf wire
 * reader (no generated classes): the {@code metadata_props}, the graph's inputs and outputs, and
 * the SHA-256 over the initializers. {@link #withMetadata} writes a copy of a model with metadata
 * entries replaced, leaving every other byte as it was ({@link ModelFile} checks and writes it).
 */
public final class OnnxFile {
  // ModelProto
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_METADATA_PROPS = 14;
  // StringStringEntryProto
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;
  // GraphProto
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto / Dimension
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_ELEM_TYPE = 1;
  private static final int TENSOR_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;

  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LEN = 2;
  private static final int WIRE_FIXED32 = 5;

  /**
   * One graph input or output.
   *
   * @param name the tensor name
   * @param elemType ONNX element type (1 = float32), 0 when not a tensor
   * @param shape dimensions; -1 for a symbolic or unknown dimension
   */
  public record ValueInfo(String name, int elemType, long[] shape) {
    /** Defensive copy. */
    public ValueInfo {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  private final Map<String, String> metadata;
  private final List<ValueInfo> inputs;
  private final List<ValueInfo> outputs;
  private final List<String> initializerNames;
  private final String weightsSha256;

  private OnnxFile(
      Map<String, String> metadata,
      List<ValueInfo> inputs,
      List<ValueInfo> outputs,
      List<String> initializerNames,
      String weightsSha256) {
    this.metadata = Collections.unmodifiableMap(metadata);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.initializerNames = List.copyOf(initializerNames);
    this.weightsSha256 = weightsSha256;
  }

  /**
   * Parses a serialized {@code ModelProto}.
   *
   * @param bytes the model file's bytes
   * @throws IOException when the bytes are not a well-formed protobuf message
   */
  public static OnnxFile parse(byte[] bytes) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    List<String> initNames = new ArrayList<>();
    MessageDigest sha = sha256();
    boolean sawGraph = false;
    Reader model = new Reader(bytes, 0, bytes.length);
    while (model.hasMore()) {
      long tag = model.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == MODEL_METADATA_PROPS && wire == WIRE_LEN) {
        Reader entry = model.sub();
        String key = "";
        String value = "";
        while (entry.hasMore()) {
          long t = entry.varint();
          int f = (int) (t >>> 3);
          if (f == ENTRY_KEY && (t & 7) == WIRE_LEN) {
            key = entry.string();
          } else if (f == ENTRY_VALUE && (t & 7) == WIRE_LEN) {
            value = entry.string();
          } else {
            entry.skip((int) (t & 7));
          }
        }
        metadata.put(key, value);
      } else if (field == MODEL_GRAPH && wire == WIRE_LEN) {
        sawGraph = true;
        Reader graph = model.sub();
        while (graph.hasMore()) {
          long t = graph.varint();
          int f = (int) (t >>> 3);
          int w = (int) (t & 7);
          if (f == GRAPH_INITIALIZER && w == WIRE_LEN) {
            int len = graph.length();
            sha.update(bytes, graph.pos, len);
            initNames.add(tensorName(new Reader(bytes, graph.pos, graph.pos + len)));
            graph.pos += len;
          } else if ((f == GRAPH_INPUT || f == GRAPH_OUTPUT) && w == WIRE_LEN) {
            ValueInfo vi = valueInfo(graph.sub());
            (f == GRAPH_INPUT ? inputs : outputs).add(vi);
          } else {
            graph.skip(w);
          }
        }
      } else {
        model.skip(wire);
      }
    }
    if (!sawGraph) {
      throw new IOException("not an ONNX model (no graph)");
    }
    List<ValueInfo> realInputs = new ArrayList<>();
    for (ValueInfo vi : inputs) {
      if (!initNames.contains(vi.name())) {
        realInputs.add(vi);
      }
    }
    return new OnnxFile(
        metadata, realInputs, outputs, initNames, HexFormat.of().formatHex(sha.digest()));
  }

  /** The {@code metadata_props} entries, in file order. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The graph inputs that are not initializers. */
  public List<ValueInfo> inputs() {
    return inputs;
  }

  /** The graph outputs. */
  public List<ValueInfo> outputs() {
    return outputs;
  }

  /** The initializer names, in file order. */
  public List<String> initializerNames() {
    return initializerNames;
  }

  /**
   * Lowercase hex SHA-256 over the serialized bytes of every {@code GraphProto.initializer} (field
   * 5) in file order, each without its tag and length prefix.
   */
  public String weightsSha256() {
    return weightsSha256;
  }

  /**
   * A copy of a serialized model whose {@code metadata_props} hold {@code replace}'s entries:
   * entries with other keys keep their place and bytes, replaced and new ones are appended.
   *
   * @param model a serialized {@code ModelProto}
   * @param replace keys and values to set
   * @throws IOException when the bytes are not a well-formed protobuf message
   */
  public static byte[] withMetadata(byte[] model, Map<String, String> replace) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 1024);
    Reader r = new Reader(model, 0, model.length);
    while (r.hasMore()) {
      int start = r.pos;
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == MODEL_METADATA_PROPS && wire == WIRE_LEN) {
        Reader entry = r.sub();
        String key = null;
        while (entry.hasMore()) {
          long t = entry.varint();
          if ((t >>> 3) == ENTRY_KEY && (t & 7) == WIRE_LEN) {
            key = entry.string();
          } else {
            entry.skip((int) (t & 7));
          }
        }
        if (key != null && replace.containsKey(key)) {
          continue;
        }
      } else {
        r.skip(wire);
      }
      out.write(model, start, r.pos - start);
    }
    for (Map.Entry<String, String> e : replace.entrySet()) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      writeBytes(entry, ENTRY_KEY, e.getKey().getBytes(StandardCharsets.UTF_8));
      writeBytes(entry, ENTRY_VALUE, e.getValue().getBytes(StandardCharsets.UTF_8));
      writeBytes(out, MODEL_METADATA_PROPS, entry.toByteArray());
    }
    return out.toByteArray();
  }

  /** SHA-256 of the initializers of a serialized model (see {@link #weightsSha256()}). */
  public static String weightsSha256(byte[] model) throws IOException {
    return parse(model).weightsSha256();
  }

  private static String tensorName(Reader tensor) throws IOException {
    // TensorProto.name is field 8
    while (tensor.hasMore()) {
      long t = tensor.varint();
      if ((t >>> 3) == 8 && (t & 7) == WIRE_LEN) {
        return tensor.string();
      }
      tensor.skip((int) (t & 7));
    }
    return "";
  }

  private static ValueInfo valueInfo(Reader r) throws IOException {
    String name = "";
    int elemType = 0;
    List<Long> dims = new ArrayList<>();
    while (r.hasMore()) {
      long t = r.varint();
      int f = (int) (t >>> 3);
      int w = (int) (t & 7);
      if (f == VALUE_INFO_NAME && w == WIRE_LEN) {
        name = r.string();
      } else if (f == VALUE_INFO_TYPE && w == WIRE_LEN) {
        Reader type = r.sub();
        while (type.hasMore()) {
          long tt = type.varint();
          if ((tt >>> 3) == TYPE_TENSOR && (tt & 7) == WIRE_LEN) {
            Reader tensor = type.sub();
            while (tensor.hasMore()) {
              long ts = tensor.varint();
              int tf = (int) (ts >>> 3);
              if (tf == TENSOR_ELEM_TYPE && (ts & 7) == WIRE_VARINT) {
                elemType = (int) tensor.varint();
              } else if (tf == TENSOR_SHAPE && (ts & 7) == WIRE_LEN) {
                Reader shape = tensor.sub();
                while (shape.hasMore()) {
                  long sd = shape.varint();
                  if ((sd >>> 3) == SHAPE_DIM && (sd & 7) == WIRE_LEN) {
                    Reader dim = shape.sub();
                    long value = -1;
                    while (dim.hasMore()) {
                      long dt = dim.varint();
                      if ((dt >>> 3) == DIM_VALUE && (dt & 7) == WIRE_VARINT) {
                        value = dim.varint();
                      } else {
                        dim.skip((int) (dt & 7));
                      }
                    }
                    dims.add(value);
                  } else {
                    shape.skip((int) (sd & 7));
                  }
                }
              } else {
                tensor.skip((int) (ts & 7));
              }
            }
          } else {
            type.skip((int) (tt & 7));
          }
        }
      } else {
        r.skip(w);
      }
    }
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i);
    }
    return new ValueInfo(name, elemType, shape);
  }

  private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
    writeVarint(out, ((long) field << 3) | WIRE_LEN);
    writeVarint(out, value.length);
    out.write(value, 0, value.length);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** A cursor over one length-delimited region. */
  private static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean hasMore() {
      return pos < end;
    }

    long varint() throws IOException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IOException("truncated protobuf varint at byte " + pos);
        }
        byte b = buf[pos++];
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IOException("malformed protobuf varint at byte " + pos);
    }

    int length() throws IOException {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw new IOException(
            "protobuf field length " + len + " runs past its message at byte " + pos);
      }
      return (int) len;
    }

    Reader sub() throws IOException {
      int len = length();
      Reader r = new Reader(buf, pos, pos + len);
      pos += len;
      return r;
    }

    String string() throws IOException {
      int len = length();
      String s = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    void skip(int wire) throws IOException {
      switch (wire) {
        case WIRE_VARINT -> varint();
        case WIRE_FIXED64 -> advance(8);
        case WIRE_LEN -> advance(length());
        case WIRE_FIXED32 -> advance(4);
        default ->
            throw new IOException("unsupported protobuf wire type " + wire + " at byte " + pos);
      }
    }

    private void advance(int n) throws IOException {
      if (n > end - pos) {
        throw new IOException("protobuf field runs past its message at byte " + pos);
      }
      pos += n;
    }
  }
}
