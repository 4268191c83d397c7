package org.dnnbench.measure;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;
import org.dnnbench.engine.InputOptions;

/**
 * What one child process measures; sent to {@link CaseMain} as one JSON argument, whose {@code
 * mode} field says which kind it is: {@code case} ({@link ModelCase}, a model at a batch size) or
 * {@code peak} ({@link PeakCase}, the machine's peak GFLOP/s).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "mode")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CaseSpec.ModelCase.class, name = "case"),
  @JsonSubTypes.Type(value = CaseSpec.PeakCase.class, name = "peak")
})
public sealed interface CaseSpec {
  /** The name in results and errors. */
  String label();

  /** Warm-up runs. */
  int warmup();

  /** Measured runs wanted. */
  int runs();

  /** How the engine runs it: threads, provider, optimization, seed of the random input. */
  Settings settings();

  /**
   * The engine settings of a child.
   *
   * @param threads intra-op threads
   * @param provider execution provider id
   * @param optimization graph optimization level id
   * @param seed seed of the random input
   */
  record Settings(int threads, String provider, String optimization, long seed) {
    public Settings {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(optimization, "optimization");
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
    }
  }

  /**
   * A model at a batch size.
   *
   * @param modelPath the ONNX file
   * @param label the model's name in results and errors
   * @param batch batch size
   * @param warmup warm-up runs
   * @param runs measured runs wanted
   * @param maxSeconds hard limit of the warm-up and measured runs (a budget's), 0 for none
   * @param settings the engine settings
   * @param inputs how the model's inputs are made
   * @param ciTarget target relative half-width of the median's 95% interval ({@link StoppingRule});
   *     0 for the default
   * @param capSeconds time cap of the measured runs; 0 for the default
   * @param minSeconds fewest seconds of measured runs (half of it of warm-up), within the cap and
   *     {@code maxSeconds}; 0 for none
   * @param maxOtherShare measured runs taken in windows where other processes used more than this
   *     share of the CPU are set aside ({@link RunWindows}); 0 for the default
   * @param maxSlowdown measured runs taken while a control model ran more than this much slower
   *     than its reference are set aside ({@link SpeedControl}); 0 for the default, 1 or more for
   *     none (the control's readings only reported)
   * @param controlReferenceMs the control's reference time from earlier forks, ms; 0 for none yet
   * @param controlModelPath the control's ONNX file, written once by the parent; null: the child
   *     builds it
   */
  record ModelCase(
      String modelPath,
      String label,
      int batch,
      int warmup,
      int runs,
      double maxSeconds,
      Settings settings,
      InputOptions inputs,
      double ciTarget,
      double capSeconds,
      double minSeconds,
      double maxOtherShare,
      double maxSlowdown,
      double controlReferenceMs,
      String controlModelPath)
      implements CaseSpec {
    public ModelCase {
      maxSlowdown = maxSlowdown > 0 ? maxSlowdown : Trust.DEFAULT_MAX_SLOWDOWN;
      controlReferenceMs = controlReferenceMs > 0 ? controlReferenceMs : 0;
      maxOtherShare = maxOtherShare > 0 ? maxOtherShare : Verdict.DEFAULT_MAX_OTHER_SHARE;
      ciTarget = ciTarget > 0 ? ciTarget : StoppingRule.DEFAULT_TARGET;
      capSeconds = capSeconds > 0 ? capSeconds : StoppingRule.DEFAULT_CAP_SECONDS;
      Objects.requireNonNull(modelPath, "modelPath");
      Objects.requireNonNull(settings, "settings");
      inputs = inputs == null ? InputOptions.NONE : inputs;
      if (batch < 1 || warmup < 0 || runs < 1 || maxSeconds < 0 || !(minSeconds >= 0)) {
        throw new IllegalArgumentException(
            "invalid case: " + batch + "/" + warmup + "/" + runs + "/" + maxSeconds);
      }
    }

    /** A case whose model's inputs need no options, under the default stopping rule. */
    public ModelCase(
        String modelPath,
        String label,
        int batch,
        int warmup,
        int runs,
        double maxSeconds,
        Settings settings) {
      this(
          modelPath,
          label,
          batch,
          warmup,
          runs,
          maxSeconds,
          settings,
          InputOptions.NONE,
          0,
          0,
          0,
          0,
          0,
          0,
          null);
    }

    /** A case whose model's inputs need no options. */
    public ModelCase(
        String modelPath,
        String label,
        int batch,
        int warmup,
        int runs,
        double maxSeconds,
        Settings settings,
        double ciTarget,
        double capSeconds) {
      this(
          modelPath,
          label,
          batch,
          warmup,
          runs,
          maxSeconds,
          settings,
          InputOptions.NONE,
          ciTarget,
          capSeconds,
          0,
          0,
          0,
          0,
          null);
    }

    /**
     * Whether a speed control is timed between the runs (opt-in, {@code maxSlowdown} below 1): on
     * the CPU only (a GPU's speed is not the host CPUs'), and not when other processes may take the
     * whole machine ({@code maxOtherShare} 1: every run kept).
     */
    public boolean controlled() {
      return maxSlowdown < 1
          && maxOtherShare < 1
          && org.dnnbench.engine.ExecutionProvider.byId(settings.provider())
              == org.dnnbench.engine.ExecutionProvider.CPU;
    }

    /** The stopping rule of this case. */
    public StoppingRule rule() {
      return StoppingRule.of(warmup, runs)
          .withTarget(ciTarget)
          .withCapSeconds(capSeconds)
          .withHardSeconds(maxSeconds)
          .withMinSeconds(minSeconds);
    }
  }

  /**
   * The machine's peak: products of two {@code matmulSize x matmulSize} matrices.
   *
   * @param matmulSize side of the square matrices
   * @param warmup warm-up runs
   * @param runs measured runs
   * @param settings the engine settings
   */
  record PeakCase(int matmulSize, int warmup, int runs, Settings settings) implements CaseSpec {
    public PeakCase {
      Objects.requireNonNull(settings, "settings");
      if (matmulSize < 1 || warmup < 0 || runs < 1) {
        throw new IllegalArgumentException(
            "invalid peak case: " + matmulSize + "/" + warmup + "/" + runs);
      }
    }

    @Override
    public String label() {
      return "matmul" + matmulSize;
    }
  }
}
