package org.dnnbench.cli;

/**
 * The typed defaults of {@link org.dnnbench.config.Defaults} as the option strings picocli's
 * annotations need (constant expressions derived from them, never written again); help texts quote
 * them with {@code ${DEFAULT-VALUE}}.
 */
final class Defaults {
  private Defaults() {}

  static final String BATCHES = org.dnnbench.config.Defaults.BATCHES_TEXT;
  static final String FORMAT = org.dnnbench.config.Defaults.FORMAT;
  static final String CONVENTION = org.dnnbench.config.Defaults.CONVENTION;
  static final String REPORT_DIR = org.dnnbench.config.Defaults.REPORT_DIR;
  static final String RESULTS_FORMAT = org.dnnbench.config.Defaults.RESULTS_FORMAT;
  static final String RECOMMEND_BATCH = "" + org.dnnbench.config.Defaults.RECOMMEND_BATCH;
  static final String SEED = "" + org.dnnbench.config.Defaults.SEED;
  static final String WARMUP = "" + org.dnnbench.config.Defaults.WARMUP;
  static final String RUNS = "" + org.dnnbench.config.Defaults.RUNS;
  static final String MAX_SECONDS_PER_CASE = "" + org.dnnbench.config.Defaults.MAX_SECONDS_PER_CASE;
  static final String MAX_CV = "" + org.dnnbench.config.Defaults.MAX_CV;
  static final String CASE_TIMEOUT = "" + org.dnnbench.config.Defaults.CASE_TIMEOUT_S;
  static final String CHILD_HEAP_MB = "" + org.dnnbench.config.Defaults.CHILD_HEAP_MB;
  static final String CHILD_MEMORY_MB = "" + org.dnnbench.config.Defaults.CHILD_MEMORY_MB;
  static final String PROVIDER = org.dnnbench.config.Defaults.PROVIDER;
  static final String OPTIMIZATION = org.dnnbench.config.Defaults.OPTIMIZATION;
  static final String SUITE = org.dnnbench.config.Defaults.SUITE;
  static final String BUDGET = org.dnnbench.config.Defaults.BUDGET;
  static final String MODELS = org.dnnbench.config.Defaults.DEFAULT_MODELS_TEXT;
  static final String ACCURACY_BATCH = "" + org.dnnbench.config.Defaults.ACCURACY_BATCH;
  static final String ACCURACY_LAYOUT = org.dnnbench.config.Defaults.ACCURACY_LAYOUT;
  static final String CI_TARGET = "" + org.dnnbench.measure.StoppingRule.DEFAULT_TARGET;
  static final String CASE_CAP = "" + org.dnnbench.measure.StoppingRule.DEFAULT_CAP_SECONDS;
  static final String CASE_MIN = "" + org.dnnbench.measure.StoppingRule.DEFAULT_MIN_SECONDS;
  static final String MAX_SLOWDOWN = "" + org.dnnbench.measure.Trust.DEFAULT_MAX_SLOWDOWN;
  static final String MAX_OTHER_CPU = "" + org.dnnbench.measure.Verdict.DEFAULT_MAX_OTHER_SHARE;
  static final String ATTEMPTS = "" + org.dnnbench.measure.Trust.DEFAULT_ATTEMPTS;
  static final String FORKS = "" + org.dnnbench.measure.Trust.DEFAULT_FORKS;
}
