package dev.vigil.http;

import dev.vigil.runtime.model.ModelInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health checks: readiness = model loaded and warmed up; liveness = the process answers. */
public final class Health {
  private Health() {}

  /** {@code /q/health/ready}: UP only once the model is loaded and warmed up. */
  @Readiness
  @ApplicationScoped
  public static class ModelReady implements HealthCheck {
    private final ModelService models;

    /** CDI constructor. */
    @Inject
    public ModelReady(ModelService models) {
      this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
      ModelService.State state = models.state();
      HealthCheckResponseBuilder b =
          HealthCheckResponse.named("model")
              .status(state == ModelService.State.READY)
              .withData("state", state.name().toLowerCase(java.util.Locale.ROOT));
      Optional<ModelInfo> info = models.model();
      if (info.isPresent()) {
        ModelInfo m = info.get();
        b.withData("model_id", m.id())
            .withData("model_version", m.version())
            .withData("execution_provider", m.executionProvider())
            .withData("ready_ms", models.readyMillis());
      } else if (models.reason() != null) {
        b.withData("reason", models.reason());
      }
      return b.build();
    }
  }

  /** {@code /q/health/live}: UP while the process serves HTTP, whatever the model's state. */
  @Liveness
  @ApplicationScoped
  public static class Alive implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.up("http");
    }
  }
}
