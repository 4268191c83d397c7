package org.dnnbench.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;

/**
 * Where results live. Every {@code put} is one transaction: a run that stops half-way keeps every
 * case it finished, and {@link #missingCases} tells the next run what is left. Writing a result
 * with the same key again replaces it (keys: a case is machine, engine, execution provider, model,
 * batch, precision and input size; an analysis is model, MAC convention and input size; a measured
 * accuracy is model, weights and dataset). Open one with {@link JdbcResultStore#open(String)}.
 */
public interface ResultStore extends AutoCloseable {
  /** The JDBC URL, password redacted. */
  String location();

  /** The schema version of the open store. */
  int schemaVersion();

  /** Stores an analysis (machine-independent). */
  void putAnalysis(AnalysisRecord analysis);

  /** Stores an analysis (machine-independent). */
  default void putAnalysis(ModelAnalysis analysis) {
    putAnalysis(AnalysisRecord.of(analysis));
  }

  /** Stores one benchmark case and its machine, in one transaction. */
  void putCase(CaseResult result);

  /** Stores a measured accuracy with the environment it was measured in. */
  void putAccuracy(AccuracyResult result, Environment environment);

  /**
   * Stores a measured accuracy record as is, keeping the machine id it carries (imports from
   * another store). Published records are refused: the catalog provides them.
   */
  void putAccuracy(AccuracyRecord record);

  /** Every stored analysis, by model then convention. */
  List<AnalysisRecord> analyses();

  /**
   * Every stored attempt on this machine, engine and execution provider, by model, batch and time
   * (every {@link #putCase} adds one; {@link #cases} holds the one that represents each case).
   */
  List<CaseResult> attempts(Environment environment);

  /** Every stored case, by machine, model and batch. */
  List<CaseResult> cases();

  /** Every stored accuracy: the published reference rows and the measured ones. */
  List<AccuracyRecord> accuracies();

  /** Every machine with results, by label. */
  List<MachineRecord> machines();

  /**
   * The cases already stored for this machine, engine and execution provider (any status but {@code
   * interrupted}: a case that ran out of memory is a result, not a gap; one cut short by stopping
   * dnnbench is a gap).
   */
  Set<CaseKey> storedCases(Environment environment);

  /** The planned cases not yet stored for this environment, in the planned order. */
  default List<CaseKey> missingCases(Environment environment, Collection<CaseKey> planned) {
    Set<CaseKey> done = storedCases(environment);
    var out = new ArrayList<CaseKey>();
    for (CaseKey k : planned) {
      if (!done.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * Writes every row of {@code batch} in one transaction: all of them or, on any failure, none.
   * Each row replaces the stored row with its key and nothing else.
   */
  void putAll(ImportBatch batch);

  @Override
  void close();
}
