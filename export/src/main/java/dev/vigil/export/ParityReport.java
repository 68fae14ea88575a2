package dev.vigil.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Largest absolute differences between ONNX Runtime and DJL over the checkpoint's stored segments
 * and random inputs, plus the median time per batch of each engine on the same inputs.
 *
 * @param maxAbsScore max |Δ score|
 * @param maxAbsExpertScores max |Δ expert_scores|
 * @param maxAbsGateWeights max |Δ gate_weights|
 * @param segments stored segments compared
 * @param randomInputs random inputs compared
 * @param batchSize examples per batch
 * @param ortMillisPerBatch median ONNX Runtime time per batch
 * @param djlMillisPerBatch median DJL time per batch
 */
public record ParityReport(
    double maxAbsScore,
    double maxAbsExpertScores,
    double maxAbsGateWeights,
    int segments,
    int randomInputs,
    int batchSize,
    double ortMillisPerBatch,
    double djlMillisPerBatch) {

  /** The {@code vigil.parity} metadata object. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("max_abs_score", maxAbsScore);
    o.put("max_abs_expert_scores", maxAbsExpertScores);
    o.put("max_abs_gate_weights", maxAbsGateWeights);
    o.put("segments", segments);
    o.put("random_inputs", randomInputs);
    return o;
  }
}
