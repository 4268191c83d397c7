package org.dnnbench.store;

import java.util.List;

/**
 * The store's schema as an ordered list of migrations, in SQL that SQLite (3.24+) and PostgreSQL
 * (9.5+) both accept. A store records the versions applied in {@code schema_version}; opening a
 * store applies the missing ones in order, each in its own transaction. Never edit a released
 * migration: add the next one.
 */
public final class Schema {
  private Schema() {}

  /** One migration: the version it brings the schema to and its statements. */
  public record Migration(int version, String description, List<String> statements) {
    public Migration {
      statements = List.copyOf(statements);
    }
  }

  /** Every migration, in order; versions are 1, 2, ... */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "machines, benchmark cases, analyses, memory estimates, accuracies",
              List.of(
                  """
                  CREATE TABLE machines (
                    machine_id TEXT PRIMARY KEY, label TEXT NOT NULL, cpu_model TEXT NOT NULL,
                    cores INTEGER NOT NULL, memory_mb BIGINT NOT NULL, os TEXT NOT NULL,
                    updated_at TEXT NOT NULL)""",
                  """
                  CREATE TABLE bench_cases (
                    machine_id TEXT NOT NULL, engine TEXT NOT NULL, execution_provider TEXT NOT NULL,
                    model TEXT NOT NULL, batch INTEGER NOT NULL,
                    machine_label TEXT NOT NULL, cpu_model TEXT NOT NULL, cores INTEGER NOT NULL,
                    memory_mb BIGINT NOT NULL, os TEXT NOT NULL, jvm TEXT NOT NULL,
                    engine_version TEXT NOT NULL, threads INTEGER NOT NULL, git_revision TEXT NOT NULL,
                    dnnbench_version TEXT NOT NULL, seed BIGINT NOT NULL, peak_gflops DOUBLE PRECISION,
                    status TEXT NOT NULL, detail TEXT NOT NULL, warmup_runs INTEGER NOT NULL,
                    runs INTEGER NOT NULL, cut_by_time INTEGER NOT NULL, session_ms DOUBLE PRECISION,
                    first_run_ms DOUBLE PRECISION, n INTEGER, mean_ms DOUBLE PRECISION,
                    std_ms DOUBLE PRECISION, median_ms DOUBLE PRECISION, min_ms DOUBLE PRECISION,
                    max_ms DOUBLE PRECISION, p90_ms DOUBLE PRECISION, p99_ms DOUBLE PRECISION,
                    images_per_s DOUBLE PRECISION, gflops_per_s DOUBLE PRECISION,
                    efficiency DOUBLE PRECISION, valid INTEGER NOT NULL, peak_rss_mb DOUBLE PRECISION,
                    baseline_rss_mb DOUBLE PRECISION, model_rss_mb DOUBLE PRECISION,
                    device_mem_mb DOUBLE PRECISION, recorded_at TEXT NOT NULL,
                    PRIMARY KEY (machine_id, engine, execution_provider, model, batch))""",
                  """
                  CREATE TABLE analyses (
                    model TEXT NOT NULL, convention TEXT NOT NULL, input_shape TEXT NOT NULL,
                    output_shape TEXT NOT NULL, params BIGINT NOT NULL, buffers BIGINT NOT NULL,
                    macs DOUBLE PRECISION NOT NULL, recorded_at TEXT NOT NULL,
                    PRIMARY KEY (model, convention))""",
                  """
                  CREATE TABLE memory_estimates (
                    model TEXT NOT NULL, convention TEXT NOT NULL, batch INTEGER NOT NULL,
                    weight_bytes BIGINT NOT NULL, peak_activation_bytes BIGINT NOT NULL,
                    peak_node TEXT NOT NULL, PRIMARY KEY (model, convention, batch))""",
                  """
                  CREATE TABLE accuracies (
                    model TEXT NOT NULL, weights_sha256 TEXT NOT NULL, dataset_fingerprint TEXT NOT NULL,
                    machine_id TEXT NOT NULL, images INTEGER NOT NULL, skipped INTEGER NOT NULL,
                    top1 DOUBLE PRECISION, top5 DOUBLE PRECISION, top1_ci95 DOUBLE PRECISION,
                    top5_ci95 DOUBLE PRECISION, preprocessing TEXT NOT NULL, measured_at TEXT NOT NULL,
                    PRIMARY KEY (model, weights_sha256, dataset_fingerprint))""",
                  """
                  CREATE TABLE published_accuracies (
                    model TEXT PRIMARY KEY, top1 DOUBLE PRECISION, top5 DOUBLE PRECISION,
                    source TEXT NOT NULL)""")),
          new Migration(
              2,
              "index cases by machine for reports and resumed runs",
              List.of("CREATE INDEX bench_cases_by_machine ON bench_cases (machine_id, model)")),
          new Migration(
              3,
              "accuracy rows carry the environment they were measured in",
              List.of(
                  "ALTER TABLE accuracies ADD COLUMN machine_label TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN cpu_model TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN cores INTEGER NOT NULL DEFAULT 0",
                  "ALTER TABLE accuracies ADD COLUMN memory_mb BIGINT NOT NULL DEFAULT 0",
                  "ALTER TABLE accuracies ADD COLUMN os TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN jvm TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN engine TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN engine_version TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN execution_provider TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN threads INTEGER NOT NULL DEFAULT 0",
                  "ALTER TABLE accuracies ADD COLUMN git_revision TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN dnnbench_version TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE accuracies ADD COLUMN seed BIGINT NOT NULL DEFAULT 0")),
          new Migration(
              4,
              "cases carry the machine state, the median's interval, their attempt and settings; every"
                  + " attempt is kept in bench_attempts (bench_cases holds the one that represents"
                  + " each case)",
              List.of(
                  "ALTER TABLE bench_cases ADD COLUMN state_seconds_before DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN state_cores_before INTEGER",
                  "ALTER TABLE bench_cases ADD COLUMN load_average_before DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN other_cores_before DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN peak_other_cores_before DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN steal_share_before DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN iowait_share_before DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN frequency_mhz_before DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN state_seconds DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN state_cores INTEGER",
                  "ALTER TABLE bench_cases ADD COLUMN load_average DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN other_cores DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN peak_other_cores DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN steal_share DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN iowait_share DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN frequency_mhz DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN ci_lower_ms DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN ci_upper_ms DOUBLE PRECISION",
                  "ALTER TABLE bench_cases ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
                  "ALTER TABLE bench_cases ADD COLUMN measured_by TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE bench_cases ADD COLUMN settings TEXT NOT NULL DEFAULT ''",
                  "CREATE TABLE bench_attempts AS SELECT * FROM bench_cases WHERE 1 = 0",
                  "INSERT INTO bench_attempts SELECT * FROM bench_cases",
                  "CREATE INDEX bench_attempts_by_case ON bench_attempts"
                      + " (machine_id, engine, execution_provider, model, batch)")),
          new Migration(
              5,
              "cases count the measured runs set aside (taken while other processes were busy)",
              List.of(
                  "ALTER TABLE bench_cases ADD COLUMN set_aside_runs INTEGER NOT NULL DEFAULT 0",
                  "ALTER TABLE bench_attempts ADD COLUMN set_aside_runs INTEGER NOT NULL DEFAULT 0")),
          new Migration(
              6,
              "a case's key includes its precision (fp32, int8, fp16); rows stored before are fp32",
              List.of(
                  "ALTER TABLE bench_cases ADD COLUMN precision TEXT NOT NULL DEFAULT 'fp32'",
                  "ALTER TABLE bench_attempts ADD COLUMN precision TEXT NOT NULL DEFAULT 'fp32'",
                  // the primary key cannot change in place (SQLite): the table is copied, and a
                  // unique index over the new key takes the primary key's place for upserts
                  "CREATE TABLE bench_cases_v6 AS SELECT * FROM bench_cases",
                  "DROP TABLE bench_cases",
                  "ALTER TABLE bench_cases_v6 RENAME TO bench_cases",
                  "CREATE UNIQUE INDEX bench_cases_key ON bench_cases"
                      + " (machine_id, engine, execution_provider, model, batch, precision)",
                  "CREATE INDEX bench_cases_by_machine ON bench_cases (machine_id, model)",
                  "DROP INDEX bench_attempts_by_case",
                  "CREATE INDEX bench_attempts_by_case ON bench_attempts"
                      + " (machine_id, engine, execution_provider, model, batch, precision)")),
          new Migration(
              7,
              "cases carry the peak's probe: when it was measured, whether it was disturbed and"
                  + " the machine state during it",
              peakProbeColumns()),
          new Migration(
              8,
              "cases carry their cgroup CPU quota and how often it throttled the measured runs",
              quotaColumns()));

  /**
   * Version 8: the quota's columns ({@code MeasurementCodec.put(MachineState)}) in both case
   * tables; rows stored before have none (no quota was read).
   */
  private static List<String> quotaColumns() {
    var statements = new java.util.ArrayList<String>();
    for (String table : List.of("bench_cases", "bench_attempts")) {
      for (String c :
          List.of(
              "cpu_quota DOUBLE PRECISION",
              "quota_periods BIGINT",
              "throttled_periods BIGINT",
              "throttled_seconds DOUBLE PRECISION")) {
        statements.add("ALTER TABLE " + table + " ADD COLUMN " + c);
      }
    }
    return statements;
  }

  /**
   * Version 7: the peak's columns ({@code EnvironmentCodec.put(Peak)}) in both case tables; rows
   * stored before have the figure alone.
   */
  private static List<String> peakProbeColumns() {
    var columns =
        List.of(
            "peak_measured_at TEXT",
            "peak_disturbed INTEGER NOT NULL DEFAULT 0",
            "state_seconds_peak DOUBLE PRECISION",
            "state_cores_peak INTEGER",
            "load_average_peak DOUBLE PRECISION",
            "other_cores_peak DOUBLE PRECISION",
            "peak_other_cores_peak DOUBLE PRECISION",
            "steal_share_peak DOUBLE PRECISION",
            "iowait_share_peak DOUBLE PRECISION",
            "frequency_mhz_peak DOUBLE PRECISION");
    var statements = new java.util.ArrayList<String>();
    for (String table : List.of("bench_cases", "bench_attempts")) {
      for (String c : columns) {
        statements.add("ALTER TABLE " + table + " ADD COLUMN " + c);
      }
    }
    return statements;
  }

  /** The version a fully migrated store has. */
  public static int latest() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }
}
