/**
 * The training loop: recipes (MILE, MELE, single expert) from JSON/YAML with command-line
 * overrides, AdamW with saveable state, a real cosine schedule, label-smoothed cross-entropy for
 * experts and the NLL of log P_mix for mixtures, class-balanced prefetched batches, early stopping,
 * per-epoch checkpoints, resume and a wall-clock budget.
 */
package dev.vigil.trainer.train;
