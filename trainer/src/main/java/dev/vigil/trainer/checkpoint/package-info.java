/**
 * The checkpoint folder written by training and read by export: {@code model.json} (the mixture or
 * expert spec and input shapes), {@code parameters.params} (DJL parameters), {@code training.json}
 * ({@link dev.vigil.trainer.checkpoint.TrainingSummary}) and {@code parity/} (a fixed set of model
 * inputs, {@link dev.vigil.trainer.checkpoint.ParitySegments}). Entry point: {@link
 * dev.vigil.trainer.checkpoint.Checkpoint}.
 */
package dev.vigil.trainer.checkpoint;
