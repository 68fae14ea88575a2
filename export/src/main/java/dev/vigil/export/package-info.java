/**
 * Export of a trained checkpoint into one self-describing ONNX model (contract version 1): the
 * graph is built in Java from the trainer's shared layer description ({@link
 * dev.vigil.export.LayerEmitter}, {@link dev.vigil.export.MixtureGraph}), its metadata from the
 * checkpoint ({@link dev.vigil.export.ExportMetadata}), and parity with DJL is proven before the
 * file is moved into place ({@link dev.vigil.export.Exporter}, {@link
 * dev.vigil.export.ParityCheck}).
 */
package dev.vigil.export;
