package org.dnnbench.cli;

import org.dnnbench.measure.Trust;
import picocli.CommandLine.Option;

/**
 * When a case's number is believed and how hard a sweep tries to get one ({@link Trust}): the
 * options {@code bench} and {@code run} share through {@link MeasureOptions}.
 */
final class TrustOptions {
  @Option(
      names = "--ci-target",
      paramLabel = "X",
      defaultValue = Defaults.CI_TARGET,
      description =
          "Measure until the median's 95%% confidence interval is within ±X of the median"
              + " (default: ${DEFAULT-VALUE}, i.e. ±3%%); a case whose interval stays wider is not"
              + " valid. A run whose own threads waited for a CPU for more than X of its time"
              + " beyond what its case's runs usually wait is set aside (the kernel's run-queue"
              + " delay, /proc/self/task/*/schedstat).")
  double ciTarget;

  @Option(
      names = "--case-cap",
      paramLabel = "S",
      defaultValue = Defaults.CASE_CAP,
      description =
          "Most seconds of measured runs a case spends reaching --ci-target (default:"
              + " ${DEFAULT-VALUE}).")
  double caseCap;

  @Option(
      names = "--case-min",
      paramLabel = "S",
      defaultValue = Defaults.CASE_MIN,
      description =
          "Fewest seconds of measured runs per case, and half of it of warm-up, within --case-cap"
              + " and a budget's limit: a case of short runs samples the machine over several"
              + " quarter-second windows, not one moment (default: ${DEFAULT-VALUE}).")
  double caseMin;

  @Option(
      names = "--max-other-cpu",
      paramLabel = "X",
      defaultValue = Defaults.MAX_OTHER_CPU,
      description =
          "Measured runs taken in a quarter-second window where other processes took more than"
              + " this share of the CPU are set aside; a case with fewer than --runs runs kept is"
              + " not valid (default: ${DEFAULT-VALUE}, i.e. 20%%). 1 keeps every run: neither"
              + " busy windows nor a run's thread waits (see --ci-target) set any aside.")
  double maxOtherCpu;

  @Option(
      names = "--max-slowdown",
      paramLabel = "X",
      defaultValue = Defaults.MAX_SLOWDOWN,
      description =
          "Opt-in, experimental: between a case's runs, every tenth of a second or so, time a"
              + " small control model (SqueezeNet 1.1 at 128x128) on as many threads, say in each"
              + " case how fast the machine ran, and set aside the runs taken while the control ran"
              + " more than X slower than its fastest on this machine, e.g. 0.1 (a shared VM's"
              + " host slows its CPUs down with nothing in /proc to show it). Default:"
              + " ${DEFAULT-VALUE}, no control; --max-other-cpu 1 times none either.")
  double maxSlowdown;

  @Option(
      names = "--attempts",
      paramLabel = "N",
      defaultValue = Defaults.ATTEMPTS,
      converter = Converters.Positive.class,
      description =
          "Most attempts per case: a case whose forks are not valid or do not agree gets"
              + " one more fork, after all the others, up to N - 1 times (default:"
              + " ${DEFAULT-VALUE}).")
  int attempts;

  @Option(
      names = "--forks",
      paramLabel = "N",
      defaultValue = Defaults.FORKS,
      converter = Converters.Positive.class,
      description =
          "Child processes that measure each case, spaced apart: every case once, then every case"
              + " again. A case is valid only when N valid forks agree (their medians within"
              + " --ci-target of the pooled median): a shared machine's speed drifts over seconds,"
              + " which one process cannot see. 1 measures each case once (default:"
              + " ${DEFAULT-VALUE}).")
  int forks;

  /** The trust settings these options give. */
  Trust trust() {
    return new Trust(ciTarget, caseCap, maxOtherCpu, attempts, caseMin, forks, maxSlowdown);
  }
}
