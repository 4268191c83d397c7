package org.dnnbench.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.results.Environment;
import org.dnnbench.store.Codec.Row;

/**
 * Analyses (with their memory estimates) and accuracies (measured and published), to columns and
 * back. Missing numbers (NaN) are null.
 */
final class RecordCodec {
  private RecordCodec() {}

  static Map<String, Object> analysis(AnalysisRecord a, String recordedAt) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", a.model());
    m.put("convention", a.convention());
    m.put("input_size", a.inputSize());
    m.put("input_shape", a.inputShape());
    m.put("output_shape", a.outputShape());
    m.put("params", a.params());
    m.put("buffers", a.buffers());
    m.put("macs", a.macs());
    m.put("recorded_at", recordedAt);
    return m;
  }

  static AnalysisRecord analysis(Row r, List<MemoryEstimate> memory) {
    return new AnalysisRecord(
        r.str("model"),
        r.str("convention"),
        r.str("input_shape"),
        r.str("output_shape"),
        r.lng("params"),
        r.lng("buffers"),
        r.dbl("macs"),
        memory,
        r.str("input_size"));
  }

  static Map<String, Object> memory(
      String model, String convention, String inputSize, MemoryEstimate e) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", model);
    m.put("convention", convention);
    m.put("input_size", inputSize);
    m.put("batch", e.batch());
    m.put("weight_bytes", e.weightBytes());
    m.put("peak_activation_bytes", e.peakActivationBytes());
    m.put("peak_node", nz(e.peakNode()));
    return m;
  }

  static MemoryEstimate memory(Row r) {
    return new MemoryEstimate(
        r.integer("batch"),
        r.lng("weight_bytes"),
        r.lng("peak_activation_bytes"),
        r.str("peak_node"));
  }

  static Map<String, Object> accuracy(AccuracyResult a, Environment e) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", a.model());
    m.put("weights_sha256", nz(a.weightsSha256()));
    m.put("dataset_fingerprint", nz(a.datasetFingerprint()));
    EnvironmentCodec.put(e == null ? EnvironmentCodec.NO_ENVIRONMENT : e, m, false);
    m.put("images", a.images());
    m.put("skipped", a.skipped());
    m.put("top1", num(a.top1()));
    m.put("top5", num(a.top5()));
    m.put("top1_ci95", num(a.top1Ci95()));
    m.put("top5_ci95", num(a.top5Ci95()));
    m.put("preprocessing", nz(a.preprocessing()));
    m.put("measured_at", nz(a.measuredAt()));
    return m;
  }

  static AccuracyRecord accuracy(Row r) {
    var a =
        new AccuracyResult(
            r.str("model"),
            r.str("weights_sha256"),
            r.str("dataset_fingerprint"),
            r.integer("images"),
            r.integer("skipped"),
            r.dbl("top1"),
            r.dbl("top5"),
            r.dbl("top1_ci95"),
            r.dbl("top5_ci95"),
            r.str("preprocessing"),
            r.str("measured_at"));
    Environment e = r.str("machine_id").isEmpty() ? null : EnvironmentCodec.environment(r, true);
    return AccuracyRecord.measured(a, e);
  }

  static Map<String, Object> published(AccuracyRecord p) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", p.model());
    m.put("top1", num(p.top1()));
    m.put("top5", num(p.top5()));
    m.put("source", p.source());
    return m;
  }

  static AccuracyRecord published(Row r) {
    return AccuracyRecord.published(r.str("model"), r.dbl("top1"), r.dbl("top5"), r.str("source"));
  }

  private static Double num(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
