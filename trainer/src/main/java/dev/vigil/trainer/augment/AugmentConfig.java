package dev.vigil.trainer.augment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Probabilities (0 = off) and ranges of the online augmentations. Recipe keys are snake_case.
 *
 * @param gain probability of a random gain in [gainMinDb, gainMaxDb]
 * @param gainMinDb lowest gain, dB
 * @param gainMaxDb highest gain, dB
 * @param noise probability of mixing a noise file from {@code noiseDir} at a random SNR
 * @param noiseDir folder of noise files (decoded once), or null
 * @param snrMinDb lowest SNR, dB
 * @param snrMaxDb highest SNR, dB
 * @param convolutive probability of a random FIR filter (RawBoost-style linear convolutive noise)
 * @param impulsive probability of sparse impulsive noise (RawBoost-style)
 * @param coloured probability of additive coloured (filtered) noise at a random SNR
 * @param bandLimit probability of a random low-pass (or, one time in three, high-pass) filter
 * @param companding probability of a μ-law or A-law 8-bit round trip
 * @param specAugment probability of SpecAugment masks on each feature
 * @param freqMaskBins widest frequency mask, bins
 * @param timeMaskFrames widest time mask, frames
 */
public record AugmentConfig(
    @JsonProperty("gain") double gain,
    @JsonProperty("gain_min_db") double gainMinDb,
    @JsonProperty("gain_max_db") double gainMaxDb,
    @JsonProperty("noise") double noise,
    @JsonProperty("noise_dir") String noiseDir,
    @JsonProperty("snr_min_db") double snrMinDb,
    @JsonProperty("snr_max_db") double snrMaxDb,
    @JsonProperty("convolutive") double convolutive,
    @JsonProperty("impulsive") double impulsive,
    @JsonProperty("coloured") double coloured,
    @JsonProperty("band_limit") double bandLimit,
    @JsonProperty("companding") double companding,
    @JsonProperty("spec_augment") double specAugment,
    @JsonProperty("freq_mask_bins") int freqMaskBins,
    @JsonProperty("time_mask_frames") int timeMaskFrames) {

  /** Everything off (the default: the reference trains without augmentation). */
  public static AugmentConfig none() {
    return new AugmentConfig(0, -12, 6, 0, null, 5, 30, 0, 0, 0, 0, 0, 0, 10, 30);
  }

  /** Every effect at probability {@code p} (noise only when a folder is given). */
  public static AugmentConfig all(double p, String noiseDir) {
    return new AugmentConfig(
        p, -12, 6, noiseDir == null ? 0 : p, noiseDir, 5, 30, p, p, p, p, p, p, 10, 30);
  }

  /** True when some waveform effect can run. */
  public boolean anyWaveform() {
    return gain > 0
        || noise > 0
        || convolutive > 0
        || impulsive > 0
        || coloured > 0
        || bandLimit > 0
        || companding > 0;
  }
}
