package dev.vigil.export;

import dev.vigil.runtime.model.ModelMetadata;
import java.nio.file.Path;
import java.util.Map;

/**
 * A finished int8 export.
 *
 * @param file the int8 model file
 * @param bytes its size
 * @param sourceModelId the fp32 model it was quantized from
 * @param sourceBytes the fp32 model's size
 * @param fp32Parity parity of the fp32 model with DJL (null when quantized from an ONNX file)
 * @param accuracy int8 against fp32, written into {@code vigil.parity}
 * @param quantizedNodes op type → count of the nodes run on int8 values (Conv, MatMul, residual
 *     Add, MaxPool)
 * @param foldedBatchNorms BatchNorms folded into their Conv
 * @param fp32Nodes op type → count of the nodes left fp32
 * @param calibrationWindows windows that calibrated
 * @param exportMillis wall time of the whole export
 * @param metadata the metadata written
 */
public record Int8ExportResult(
    Path file,
    long bytes,
    String sourceModelId,
    long sourceBytes,
    ParityReport fp32Parity,
    AccuracyReport accuracy,
    Map<String, Integer> quantizedNodes,
    int foldedBatchNorms,
    Map<String, Integer> fp32Nodes,
    int calibrationWindows,
    long exportMillis,
    ModelMetadata metadata) {}
