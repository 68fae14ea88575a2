package dev.vigil.export;

import java.nio.file.Path;
import java.util.Map;

/**
 * A finished export.
 *
 * @param file the model file
 * @param bytes its size
 * @param weightsSha256 {@code vigil.weights_sha256}
 * @param parity the parity measurements written into {@code vigil.parity}
 * @param exportMillis wall time of the whole export (graph, parity run, writing)
 * @param metadata every {@code vigil.*} entry written
 */
public record ExportResult(
    Path file,
    long bytes,
    String weightsSha256,
    ParityReport parity,
    long exportMillis,
    Map<String, String> metadata) {}
