package dev.vigil.http;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error response: a stable machine-readable code and a one-line message.
 *
 * @param error the code, e.g. {@code too_short}; see {@link ErrorCode}
 * @param message one line naming the input (or parameter) and the problem
 */
@Schema(name = "Error", description = "Every error response: a stable code and a one-line message.")
public record ApiError(
    @Schema(
            description = "Stable machine-readable code",
            examples = {"too_short"})
        String error,
    @Schema(description = "One line naming the input or parameter and the problem")
        String message) {}
