package dev.vigil.runtime.model;

/**
 * What a loaded model is and how it runs.
 *
 * @param id {@code "sha256:"} + the first 12 hex digits of the weights' SHA-256
 * @param version provenance {@code model_version}, or {@code unversioned}
 * @param source the model file's path, or {@value ModelFile#BUNDLED_NAME}
 * @param executionProvider where the session runs: {@code cpu} or {@code cuda:N}
 * @param fallbackReason why {@code auto} fell back to CPU, or null when it did not
 * @param metadata every {@code vigil.*} key, parsed, with the raw entries
 * @param fileBytes the model file's size in bytes
 */
public record ModelInfo(
    String id,
    String version,
    String source,
    String executionProvider,
    String fallbackReason,
    ModelMetadata metadata,
    long fileBytes) {}
