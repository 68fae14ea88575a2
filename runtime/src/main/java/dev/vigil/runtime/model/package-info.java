/**
 * The ONNX model file and its session: {@link dev.vigil.runtime.model.ModelContract} owns the
 * contract's names and checks, {@link dev.vigil.runtime.model.OnnxFile} reads and rewrites the
 * protobuf without a generated schema, {@link dev.vigil.runtime.model.ModelMetadata} parses the
 * {@code vigil.*} keys, {@link dev.vigil.runtime.model.ModelFile} is one model file read and
 * checked (described, copied with new thresholds), and {@link dev.vigil.runtime.model.Model} owns
 * the ONNX Runtime session on it and runs {@link dev.vigil.runtime.model.Batch}es of segments.
 */
package dev.vigil.runtime.model;
