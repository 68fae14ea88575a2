/**
 * Evaluation: whole files scored the way the runtime scores them (its segmenter and aggregation),
 * calibration and operating points fitted on file-level validation scores, and reports (EER with
 * its threshold, ROC AUC, balanced accuracy, threshold at 1 % false positives; per data set, per
 * synthetic system and pooled; mean gate weight per expert) built on the runtime's {@link
 * dev.vigil.runtime.metrics.EvaluationReport}.
 */
package dev.vigil.trainer.eval;
