package org.dnnbench.store;

import java.util.List;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.results.CaseResult;

/**
 * The validated rows of one imported file, written by {@link ResultStore#putAll} in one
 * transaction. Each row replaces exactly the stored row with its key and nothing else: an analysis
 * row its analysis (not that model's memory estimates), a memory estimate its (model, convention,
 * batch).
 *
 * @param cases benchmark cases
 * @param analyses analyses; their {@code memory} lists are ignored (see {@code memory})
 * @param memory memory estimates, each with its analysis's model and convention
 * @param accuracies measured accuracies
 */
public record ImportBatch(
    List<CaseResult> cases,
    List<AnalysisRecord> analyses,
    List<Memory> memory,
    List<AccuracyRecord> accuracies) {
  public ImportBatch {
    cases = List.copyOf(cases);
    analyses = List.copyOf(analyses);
    memory = List.copyOf(memory);
    accuracies = List.copyOf(accuracies);
  }

  /**
   * One memory estimate row; {@code inputSize} as {@link AnalysisRecord#inputSize()} (empty: the
   * model's default size).
   */
  public record Memory(String model, String convention, String inputSize, MemoryEstimate estimate) {
    public Memory {
      inputSize = inputSize == null ? "" : inputSize.strip();
    }

    /** A memory estimate at the model's default size. */
    public Memory(String model, String convention, MemoryEstimate estimate) {
      this(model, convention, "", estimate);
    }
  }

  /** Rows in all. */
  public int size() {
    return cases.size() + analyses.size() + memory.size() + accuracies.size();
  }
}
