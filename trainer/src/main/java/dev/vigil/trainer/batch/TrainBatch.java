package dev.vigil.trainer.batch;

import java.util.List;

/**
 * One batch, ready for the network.
 *
 * @param size N
 * @param features one array per front end, in the order of {@link BatchSpec#features()}, each
 *     row-major [N, 1, F, T]
 * @param waveform [N, W] crops when a gate reads raw audio, else null
 * @param labels 0 = bona fide, 1 = spoof, length N
 */
public record TrainBatch(int size, List<float[]> features, float[] waveform, int[] labels) {}
