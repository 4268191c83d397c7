package org.dnnbench.results;

import java.util.Objects;

/**
 * The result of one benchmark case: one model at one batch size in one precision, measured in its
 * own process.
 *
 * <p>Adding a field: put it in the nested record it belongs to (or a new one here), give it its
 * columns in {@code store.Codec} (and a {@code Schema} migration), and fill it where the harness
 * builds the result ({@code measure.BenchService}).
 *
 * @param key which case: model and batch size
 * @param status how the case ended
 * @param detail error message, validity reason or other remark; empty if none
 * @param timing times and throughput
 * @param valid whether the number can be believed (see {@code measure.Verdict}); the reasons when
 *     not are in {@code detail}
 * @param memory the child process's memory
 * @param environment where it was measured
 * @param machineState what else the machine did before and during the measured runs
 * @param attempt which attempt this is, by which command, with which settings
 */
public record CaseResult(
    CaseKey key,
    CaseStatus status,
    String detail,
    Timing timing,
    boolean valid,
    Memory memory,
    Environment environment,
    MachineState machineState,
    Attempt attempt) {

  public CaseResult {
    machineState = machineState == null ? MachineState.UNKNOWN : machineState;
    attempt = attempt == null ? Attempt.UNKNOWN : attempt;
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(memory, "memory");
    detail = detail == null ? "" : detail;
    if (status == CaseStatus.OK && timing.msPerBatch() == null) {
      throw new IllegalArgumentException("an ok case needs its time statistics");
    }
  }

  /** A result without machine state or attempt (tests, rows of older stores). */
  public CaseResult(
      CaseKey key,
      CaseStatus status,
      String detail,
      Timing timing,
      boolean valid,
      Memory memory,
      Environment environment) {
    this(key, status, detail, timing, valid, memory, environment, null, null);
  }

  /** The same result as another attempt. */
  public CaseResult withAttempt(Attempt a) {
    return new CaseResult(key, status, detail, timing, valid, memory, environment, machineState, a);
  }

  /** The model, {@code key().model()}. */
  public String model() {
    return key.model();
  }

  /** The precision, {@code key().precision()}. */
  public Precision precision() {
    return key.precision();
  }

  /** The batch size, {@code key().batch()}. */
  public int batch() {
    return key.batch();
  }

  /** Per-batch time statistics, or null when not measured. */
  public TimeStats msPerBatch() {
    return timing.msPerBatch();
  }

  /** Per-image time statistics, or null when not measured. */
  public TimeStats msPerImage() {
    return timing.msPerBatch() == null ? null : timing.msPerBatch().dividedBy(key.batch());
  }

  /** Throughput, images per second. */
  public double imagesPerS() {
    return timing.imagesPerS();
  }
}
