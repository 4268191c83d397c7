package org.dnnbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dnnbench.format.Table;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.report.ReportData.ModelFacts;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Precision;
import org.dnnbench.store.AccuracyKind;
import org.dnnbench.store.AccuracyRecord;

/**
 * Which models to use under constraints: those that satisfy every constraint and lie on the Pareto
 * front of top-1 vs images/s at the requested batch size on one machine, best top-1 first; every
 * other model with the reason it was left out.
 */
public final class Recommender {
  private Recommender() {}

  /**
   * Constraints; null means unconstrained.
   *
   * @param minFps least images/s at {@code batch}
   * @param batch the batch size the speed and memory are read at
   * @param maxMemoryMb most memory at {@code batch}, MB
   * @param maxParams most trainable parameters
   * @param machine machine label or fingerprint prefix; null: the only machine in the store
   */
  public record Request(
      Double minFps, int batch, Double maxMemoryMb, Long maxParams, String machine) {
    public Request {
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      }
    }
  }

  /**
   * A recommended model: in fp32, or in another precision with the accuracy measured in it (then
   * {@code model} carries that accuracy, {@code model().model()} reads e.g. {@code resnet50
   * [int8]}, and {@code fp32} is its fp32 case at the batch size, if valid).
   */
  public record Pick(ModelFacts model, CaseResult result, CaseResult fp32, double fp32Top1) {
    /** An fp32 pick. */
    public Pick(ModelFacts model, CaseResult result) {
      this(model, result, null, Double.NaN);
    }

    double fps() {
      return result.imagesPerS();
    }

    /** E.g. "2.10x faster than fp32, -0.40 top-1 (measured)"; empty for an fp32 pick. */
    public String versusFp32() {
      if (result.precision() == Precision.FP32 || fp32 == null) {
        return "";
      }
      String speed = f("%.2fx fp32's speed", fps() / fp32.imagesPerS());
      return Double.isFinite(fp32Top1)
          ? speed + f(", %+.2f top-1 (measured on your data)", model.top1() - fp32Top1)
          : speed;
    }
  }

  /** A model left out, and why. */
  public record Exclusion(String model, String reason) {}

  /** The answer: picks best first, exclusions in catalog order, and the machine used. */
  public record Recommendation(
      String machine, List<Pick> picks, List<Exclusion> excluded, boolean precisions) {
    /** A recommendation among fp32 cases only. */
    public Recommendation(String machine, List<Pick> picks, List<Exclusion> excluded) {
      this(machine, picks, excluded, false);
    }

    /** Models left out because their only measurement at the batch size is invalid. */
    public long invalid() {
      return excluded.stream().filter(e -> e.reason().startsWith(NOT_RANKED)).count();
    }

    /**
     * A line saying how many models were not ranked for want of a valid measurement; empty when
     * none was.
     */
    public String invalidNote() {
      long n = invalid();
      if (n == 0) {
        return "";
      }
      return picks.isEmpty()
              && excluded.stream()
                  .noneMatch(
                      e ->
                          !e.reason().startsWith(NOT_RANKED)
                              && !e.reason().startsWith("not measured"))
          ? f(
              "no valid measurement to rank on %s: all %d measured models are invalid (see"
                  + " excluded); run 'dnnbench run' again, on a quieter machine if you can",
              machine, n)
          : f(
              "%d model%s not ranked: %s only measurement is invalid (see excluded)",
              n, n == 1 ? "" : "s", n == 1 ? "its" : "their");
    }

    /** The picks as a table. */
    public Table picksTable() {
      var t =
          Table.withColumns(
              "rank",
              "model",
              "name",
              "top1",
              "accuracy",
              "images_per_s_median",
              "ms_per_image_median",
              "memory_mb",
              "params");
      if (precisions) {
        t =
            Table.withColumns(
                "rank",
                "model",
                "name",
                "precision",
                "top1",
                "accuracy",
                "images_per_s_median",
                "ms_per_image_median",
                "memory_mb",
                "params",
                "versus_fp32");
      }
      int r = 1;
      for (Pick p : picks) {
        if (precisions) {
          t.row(
              r++,
              p.model().model(),
              p.model().name(),
              p.result().precision().id(),
              p.model().top1(),
              p.model().accuracyLabel(),
              Math.round(p.fps() * 100) / 100.0,
              Math.round(p.result().msPerImage().median() * 10000) / 10000.0,
              Math.round(ReportData.memoryMb(p.result()) * 10) / 10.0,
              (long) p.model().params(),
              p.versusFp32());
          continue;
        }
        t.row(
            r++,
            p.model().model(),
            p.model().name(),
            p.model().top1(),
            p.model().accuracyLabel(),
            Math.round(p.fps() * 100) / 100.0,
            Math.round(p.result().msPerImage().median() * 10000) / 10000.0,
            Math.round(ReportData.memoryMb(p.result()) * 10) / 10.0,
            (long) p.model().params());
      }
      return t.build();
    }

    /** The exclusions as a table. */
    public Table excludedTable() {
      var t = Table.withColumns("model", "excluded_because");
      excluded.forEach(e -> t.row(e.model(), e.reason()));
      return t.build();
    }
  }

  /** How an exclusion for an invalid measurement starts. */
  static final String NOT_RANKED = "not ranked";

  private static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }

  /** Answers the request on the stored results. */
  public static Recommendation recommend(ReportData data, Request q) {
    Machine m;
    if (q.machine() != null && !q.machine().isBlank()) {
      m = data.machine(q.machine());
    } else if (data.machines().size() == 1) {
      m = data.machines().get(0);
    } else if (data.machines().isEmpty()) {
      throw new IllegalArgumentException(
          "the store has no benchmark results; run 'dnnbench run' first");
    } else {
      throw new IllegalArgumentException(
          "the store holds several machines; choose one with --machine: "
              + String.join(", ", data.machines().stream().map(Machine::name).toList()));
    }
    var ok = new ArrayList<Pick>();
    var excluded = new ArrayList<Exclusion>();
    for (ModelFacts f : data.models()) {
      var c = m.valid(f.model(), q.batch());
      var invalid = m.ok(f.model(), q.batch()).filter(x -> !x.valid());
      if (invalid.isPresent()) {
        excluded.add(
            new Exclusion(
                f.model(),
                f(
                    NOT_RANKED
                        + ": its only measurement at batch %d is invalid (%s); run 'dnnbench"
                        + " run' again to re-measure it",
                    q.batch(),
                    invalid.get().detail())));
        continue;
      }
      if (c.isEmpty()) {
        var failed =
            m.cases().stream()
                .filter(x -> x.model().equals(f.model()) && x.batch() == q.batch())
                .findFirst();
        excluded.add(
            new Exclusion(
                f.model(),
                failed.isPresent()
                    ? f("failed at batch %d: %s", q.batch(), failed.get().status().id())
                    : f("not measured at batch %d on %s", q.batch(), m.name())));
        continue;
      }
      CaseResult r = c.get();
      if (!Double.isFinite(f.top1())) {
        excluded.add(
            new Exclusion(f.model(), "no accuracy known (neither measured nor published)"));
      } else if (q.minFps() != null && !(r.imagesPerS() >= q.minFps())) {
        excluded.add(
            new Exclusion(
                f.model(), f("too slow: %.1f images/s < %s", r.imagesPerS(), fmt(q.minFps()))));
      } else if (q.maxMemoryMb() != null && !(ReportData.memoryMb(r) <= q.maxMemoryMb())) {
        excluded.add(
            new Exclusion(
                f.model(),
                f(
                    "too much memory: %.0f MB > %s MB",
                    ReportData.memoryMb(r), fmt(q.maxMemoryMb()))));
      } else if (q.maxParams() != null && !(f.params() <= q.maxParams())) {
        excluded.add(
            new Exclusion(
                f.model(), f("too many parameters: %.0f > %d", f.params(), q.maxParams())));
      } else {
        ok.add(new Pick(f, r));
      }
    }
    boolean precisions = addOtherPrecisions(data, m, q, ok, excluded);
    var front = Pareto.front(ok, Pick::fps, p -> p.model().top1());
    for (Pick p : ok) {
      if (!front.contains(p)) {
        Pick by = Pareto.dominator(p, ok, Pick::fps, x -> x.model().top1());
        excluded.add(
            new Exclusion(
                p.model().model(),
                f(
                    "dominated by %s (top-1 %.2f%% vs %.2f%%, %.1f vs %.1f images/s)",
                    by.model().model(), by.model().top1(), p.model().top1(), by.fps(), p.fps())));
      }
    }
    var picks = new ArrayList<>(front);
    picks.sort(Comparator.comparingDouble((Pick p) -> p.model().top1()).reversed());
    var order = data.models().stream().map(ModelFacts::model).toList();
    excluded.sort(Comparator.comparingInt(e -> order.indexOf(baseModel(e.model()))));
    return new Recommendation(m.name(), picks, excluded, precisions);
  }

  /** {@code resnet50} of {@code resnet50 [int8]}. */
  private static String baseModel(String label) {
    int i = label.indexOf(" [");
    return i < 0 ? label : label.substring(0, i);
  }

  /**
   * Precision as a choice: each valid non-fp32 case at the batch size that meets the constraints
   * joins the candidates when its accuracy was measured in that precision ({@code accuracy
   * --precision}), and is excluded with its speed-up and the reason otherwise. Returns whether the
   * machine has such cases at all.
   */
  private static boolean addOtherPrecisions(
      ReportData data, Machine m, Request q, List<Pick> ok, List<Exclusion> excluded) {
    boolean any = false;
    for (ModelFacts f : data.models()) {
      for (Precision p : Precision.values()) {
        if (p == Precision.FP32) {
          continue;
        }
        var c = m.valid(f.model(), q.batch(), p);
        if (c.isEmpty()) {
          continue;
        }
        any = true;
        CaseResult r = c.get();
        String label = r.key().label();
        var fp32 = m.valid(f.model(), q.batch(), Precision.FP32);
        String speed =
            fp32.map(
                    x ->
                        f(
                            "%.2fx fp32's speed at batch %d",
                            r.imagesPerS() / x.imagesPerS(), q.batch()))
                .orElse(
                    f(
                        "%.1f images/s at batch %d (fp32 not measured validly)",
                        r.imagesPerS(), q.batch()));
        var acc = data.measuredAccuracy(f.model(), p);
        if (acc.isEmpty()) {
          excluded.add(
              new Exclusion(
                  label,
                  f(
                      "%s accuracy is not measured (%s); measure it with 'dnnbench accuracy"
                          + " MODEL.onnx --data DIR --precision fp32,%s'",
                      p.id(), speed, p.id())));
        } else if (q.minFps() != null && !(r.imagesPerS() >= q.minFps())) {
          excluded.add(
              new Exclusion(
                  label, f("too slow: %.1f images/s < %s", r.imagesPerS(), fmt(q.minFps()))));
        } else if (q.maxMemoryMb() != null && !(ReportData.memoryMb(r) <= q.maxMemoryMb())) {
          excluded.add(
              new Exclusion(
                  label,
                  f(
                      "too much memory: %.0f MB > %s MB",
                      ReportData.memoryMb(r), fmt(q.maxMemoryMb()))));
        } else if (q.maxParams() != null && !(f.params() <= q.maxParams())) {
          excluded.add(
              new Exclusion(label, f("too many parameters: %.0f > %d", f.params(), q.maxParams())));
        } else {
          var a = acc.get();
          var facts =
              new ModelFacts(
                  label,
                  f.name() + " " + p.id(),
                  f.params(),
                  f.macs(),
                  f.paramMb(),
                  a.top1(),
                  a.top5(),
                  AccuracyKind.MEASURED,
                  a.source(),
                  f.era(),
                  f.year());
          double fp32Top1 =
              data.measuredAccuracy(f.model(), Precision.FP32)
                  .map(AccuracyRecord::top1)
                  .orElse(Double.NaN);
          ok.add(new Pick(facts, r, fp32.orElse(null), fp32Top1));
        }
      }
    }
    return any;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
