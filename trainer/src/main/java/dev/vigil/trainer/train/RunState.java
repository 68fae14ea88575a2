package dev.vigil.trainer.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Where a stage stands, saved with every checkpoint so a stopped run resumes at the same epoch and
 * step with the same optimizer state and early-stopping counters.
 *
 * @param epoch the epoch to run next (or to finish, when {@code step > 0})
 * @param step the next step within {@code epoch}
 * @param bestValLoss best validation loss so far (+∞ before the first epoch)
 * @param bestEpoch the epoch that reached it (−1 before)
 * @param badEpochs epochs since the last improvement
 * @param epochLossSum training-loss sum of the steps of {@code epoch} already run
 * @param trainNanos training time so far (for the step-time report)
 * @param waitNanos time the loop waited for batches
 * @param steps steps run so far
 * @param augmentations augmentation counts so far
 * @param finished true when the stage ended (early stopping or last epoch)
 * @param stopReason why it ended or paused
 */
public record RunState(
    @JsonProperty("epoch") int epoch,
    @JsonProperty("step") int step,
    @JsonProperty("best_val_loss") double bestValLoss,
    @JsonProperty("best_epoch") int bestEpoch,
    @JsonProperty("bad_epochs") int badEpochs,
    @JsonProperty("epoch_loss_sum") double epochLossSum,
    @JsonProperty("train_nanos") long trainNanos,
    @JsonProperty("wait_nanos") long waitNanos,
    @JsonProperty("steps") long steps,
    @JsonProperty("augmentations") Map<String, Long> augmentations,
    @JsonProperty("finished") boolean finished,
    @JsonProperty("stop_reason") String stopReason) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Before the first epoch. */
  public static RunState start() {
    return new RunState(0, 0, Double.MAX_VALUE, -1, 0, 0, 0, 0, 0, Map.of(), false, "");
  }

  /** Writes the state (atomically: temp file, then move). */
  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a state file. */
  public static RunState load(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), RunState.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not a run state: " + e.getOriginalMessage(), e);
    }
  }
}
