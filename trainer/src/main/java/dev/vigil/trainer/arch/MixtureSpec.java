package dev.vigil.trainer.arch;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.runtime.features.FeatureSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A mixture: experts (in output order), a gate and the calibration applied to its score. A single
 * expert is a mixture with the {@code single} gate ({@link #single(ExpertSpec)}).
 */
public record MixtureSpec(
    @JsonProperty("experts") List<ExpertSpec> experts,
    @JsonProperty("gate") GateSpec gate,
    @JsonProperty("calibration") Calibration calibration) {

  /** The raw-audio input the classic gate reads. */
  public static final String WAVEFORM = "waveform";

  /**
   * Validates: at least one expert, unique names, one spec per feature name, single gate iff one
   * expert is allowed with it. A null calibration becomes {@link Calibration#none()}.
   */
  public MixtureSpec {
    Objects.requireNonNull(experts, "experts");
    Objects.requireNonNull(gate, "gate");
    experts = List.copyOf(experts);
    calibration = calibration == null ? Calibration.none() : calibration;
    if (experts.isEmpty()) {
      throw new IllegalArgumentException("a mixture needs at least one expert");
    }
    if (GateSpec.SINGLE.equals(gate.type()) && experts.size() != 1) {
      throw new IllegalArgumentException(
          "gate single takes exactly one expert, got " + experts.size());
    }
    Set<String> names = new HashSet<>();
    Map<String, FeatureSpec> features = new LinkedHashMap<>();
    for (ExpertSpec e : experts) {
      if (!names.add(e.name())) {
        throw new IllegalArgumentException("duplicate expert name " + e.name());
      }
      FeatureSpec prev = features.putIfAbsent(e.feature().name(), e.feature());
      if (prev != null && !prev.equals(e.feature())) {
        throw new IllegalArgumentException(
            "experts disagree on front end " + e.feature().name() + ": one name, two specs");
      }
      if (WAVEFORM.equals(e.feature().name())) {
        throw new IllegalArgumentException("a front end may not be named " + WAVEFORM);
      }
    }
  }

  /** One expert alone, gate {@code single}, no calibration. */
  public static MixtureSpec single(ExpertSpec expert) {
    return new MixtureSpec(List.of(expert), GateSpec.of(GateSpec.SINGLE), Calibration.none());
  }

  /** This mixture with another calibration. */
  public MixtureSpec withCalibration(Calibration c) {
    return new MixtureSpec(experts, gate, c);
  }

  /** Distinct front ends in expert order. */
  public List<FeatureSpec> features() {
    Map<String, FeatureSpec> m = new LinkedHashMap<>();
    for (ExpertSpec e : experts) {
      m.putIfAbsent(e.feature().name(), e.feature());
    }
    return new ArrayList<>(m.values());
  }

  /**
   * The model inputs in order: distinct front-end names in expert order, then {@value #WAVEFORM}
   * when the gate is classic. {@link MixtureNet#forward} takes its inputs in this order.
   */
  public List<String> inputNames() {
    List<String> names = new ArrayList<>();
    for (FeatureSpec f : features()) {
      names.add(f.name());
    }
    if (GateSpec.CLASSIC.equals(gate.type())) {
      names.add(WAVEFORM);
    }
    return names;
  }

  /** Shape of one example of input {@code name} (without batch): [1, F, T] or [window_samples]. */
  public long[] inputShape(String name) {
    for (FeatureSpec f : features()) {
      if (f.name().equals(name)) {
        return new long[] {1, f.bins(), f.frames()};
      }
    }
    if (WAVEFORM.equals(name) && GateSpec.CLASSIC.equals(gate.type())) {
      return new long[] {
        gate.intOption("window_samples", experts.get(0).feature().windowSamples())
      };
    }
    throw new IllegalArgumentException("no model input " + name + "; inputs are " + inputNames());
  }
}
