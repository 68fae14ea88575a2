package dev.vigil.runtime.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * Keeps ONNX Runtime's telemetry off. ONNX Runtime 1.29 on Linux starts a 1DS telemetry provider
 * when its environment is created: it writes a device identifier under {@code ~/.cache/Microsoft},
 * a {@code /tmp/mat-debug-PID.log}, reads {@code /proc/self/cmdline} and tries to upload a process
 * event; with a command line of about 3,900 bytes or more it crashes the JVM (SIGSEGV) while doing
 * so. Only the environment variable {@code ORT_DISABLE_TELEMETRY=1}, set before the process starts,
 * prevents all of it; Vigil's launchers, container image and build set it. This class turns the
 * events off for the rest of the process when the variable was missing and says once how to set it.
 */
final class OrtTelemetry {
  /** The variable ONNX Runtime reads once, at its first environment. */
  static final String VARIABLE = "ORT_DISABLE_TELEMETRY";

  private static final System.Logger LOG = System.getLogger(OrtTelemetry.class.getPackageName());
  private static boolean checked;

  private OrtTelemetry() {}

  /** Whether this process started with telemetry disabled. */
  static boolean disabledAtStart() {
    return "1".equals(System.getenv(VARIABLE));
  }

  /** ONNX Runtime's environment, with telemetry events off. */
  static synchronized OrtEnvironment environment() {
    boolean first = !checked;
    checked = true;
    if (first && !disabledAtStart()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "ONNX Runtime telemetry: set "
              + VARIABLE
              + "=1 in the environment before starting Java (Vigil's launchers do): without it"
              + " ONNX Runtime 1.29 writes a device id under ~/.cache/Microsoft, tries to upload a"
              + " process event, and crashes the JVM when the command line is longer than about"
              + " 3,900 bytes; events after start-up are now turned off");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    if (first) {
      try {
        env.setTelemetry(false);
      } catch (OrtException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot turn ONNX Runtime telemetry off: " + e);
      }
    }
    return env;
  }
}
