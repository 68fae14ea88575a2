package dev.vigil.export;

import dev.vigil.runtime.model.ModelMetadata;
import java.nio.file.Path;

/**
 * A finished export.
 *
 * @param file the model file
 * @param bytes its size
 * @param weightsSha256 {@code vigil.weights_sha256}
 * @param parity the parity measurements written into {@code vigil.parity}
 * @param exportMillis wall time of the whole export (graph, parity run, writing)
 * @param metadata the metadata written, parsed ({@link ModelMetadata#raw()}: every entry)
 */
public record ExportResult(
    Path file,
    long bytes,
    String weightsSha256,
    ParityReport parity,
    long exportMillis,
    ModelMetadata metadata) {}
