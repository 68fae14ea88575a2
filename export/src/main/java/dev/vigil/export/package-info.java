/**
 * Export of a trained checkpoint into one self-describing ONNX model (contract version 1): the
 * graph is built in Java from the trainer's shared layer description ({@link
 * dev.vigil.export.LayerEmitter}, {@link dev.vigil.export.MixtureGraph}), its metadata from the
 * checkpoint ({@link dev.vigil.export.ExportMetadata}), and parity with DJL is proven before the
 * file is moved into place ({@link dev.vigil.export.Exporter}, {@link
 * dev.vigil.export.ParityCheck}). With {@code --quantize int8} the checked fp32 model (or an fp32
 * model file) is rewritten into an int8 QDQ model ({@link dev.vigil.export.Int8Quantizer}),
 * calibrated on real windows ({@link dev.vigil.export.Calibrator}, {@link
 * dev.vigil.export.ManifestWindows}) and checked against fp32 ({@link
 * dev.vigil.export.AccuracyCheck}) before it is written ({@link dev.vigil.export.Int8Export}).
 */
package dev.vigil.export;
