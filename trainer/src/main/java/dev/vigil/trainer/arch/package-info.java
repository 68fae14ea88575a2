/**
 * Network architectures of Vigil's experts, gates and mixtures, described once as a {@link
 * dev.vigil.trainer.arch.Layer} tree from which both the DJL training blocks and the ONNX exporter
 * are built. Entry points: {@link dev.vigil.trainer.arch.Architectures}.
 */
package dev.vigil.trainer.arch;
