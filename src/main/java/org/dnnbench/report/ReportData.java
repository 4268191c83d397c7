package org.dnnbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Precision;
import org.dnnbench.store.AccuracyKind;
import org.dnnbench.store.AccuracyRecord;
import org.dnnbench.store.AnalysisRecord;
import org.dnnbench.store.MachineRecord;
import org.dnnbench.store.ResultStore;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo;

/**
 * Everything a report shows, read once from a store: per model the machine-independent facts
 * (parameters, MACs, parameter-file size, accuracy with its kind), per machine its cases. Accuracy:
 * the measured figure where dnnbench measured the model ({@link
 * org.dnnbench.accuracy.AccuracyResult#PREFERENCE}: most images, then latest), else the published
 * one, always labelled which. Parameters and MACs come from the stored analysis under the {@code
 * torchvision} convention (else any stored convention); parameters fall back to the catalog's
 * reference count.
 */
public final class ReportData {
  /** The MAC convention preferred for figures. */
  static final String CONVENTION = org.dnnbench.config.Defaults.CONVENTION;

  /**
   * Machine-independent facts of one model; NaN where unknown.
   *
   * @param model model id
   * @param name display name (the study's name where the catalog knows the model)
   * @param params trainable parameters
   * @param macs MACs per image
   * @param paramMb parameter-file size, MB (fp32, batch-norm statistics included)
   * @param top1 top-1 %, NaN if unknown
   * @param top5 top-5 %, NaN if unknown
   * @param accuracyKind published or measured; null when no accuracy is known
   * @param accuracySource where the accuracy comes from
   */
  public record ModelFacts(
      String model,
      String name,
      double params,
      double macs,
      double paramMb,
      double top1,
      double top5,
      AccuracyKind accuracyKind,
      String accuracySource,
      ModelInfo.Era era,
      int year) {
    /** Parameters in millions. */
    public double paramsM() {
      return params / 1e6;
    }

    /** Accuracy density: top-1 % per million parameters. */
    public double density() {
      return top1 / paramsM();
    }

    /** Whether the model is one of the study's 42. */
    public boolean study() {
      return era == ModelInfo.Era.STUDY;
    }

    /** "study (2018)", "later (2022)" or "your file": which set the model belongs to. */
    public String setLabel() {
      if (era == null) {
        return "your file";
      }
      return era == ModelInfo.Era.STUDY ? "study (2018)" : "later (" + year + ")";
    }

    /** "published" or "measured", or "" when unknown. */
    public String accuracyLabel() {
      return accuracyKind == null ? "" : accuracyKind.id();
    }
  }

  /**
   * A machine and its cases (every status) on one engine and execution provider. A machine measured
   * with several providers (e.g. CPU and CUDA) appears once per provider, named e.g. {@code
   * workstation (cuda)}.
   *
   * @param record the machine
   * @param name the label (or a short fingerprint), with the provider when the machine has several
   * @param cases its fp32 cases on that provider
   * @param otherPrecisions its cases in other precisions (int8, fp16) on that provider
   */
  public record Machine(
      MachineRecord record, String name, List<CaseResult> cases, List<CaseResult> otherPrecisions) {
    public Machine {
      cases = List.copyOf(cases);
      otherPrecisions = List.copyOf(otherPrecisions);
      if (cases.stream().anyMatch(c -> c.precision() != Precision.FP32)
          || otherPrecisions.stream().anyMatch(c -> c.precision() == Precision.FP32)) {
        throw new IllegalArgumentException("cases are fp32, otherPrecisions the others");
      }
    }

    /**
     * A machine's cases in every precision: the fp32 ones ({@link #cases}, which the study's
     * figures, findings and recommendations read) and the others ({@link #otherPrecisions}).
     */
    public Machine(MachineRecord record, String name, List<CaseResult> all) {
      this(
          record,
          name,
          all.stream().filter(c -> c.precision() == Precision.FP32).toList(),
          all.stream().filter(c -> c.precision() != Precision.FP32).toList());
    }

    /** Every case, fp32 first. */
    public List<CaseResult> allCases() {
      var out = new ArrayList<>(cases);
      out.addAll(otherPrecisions);
      return out;
    }

    /** The valid case of a model at a batch size in a precision. */
    public Optional<CaseResult> valid(String model, int batch, Precision precision) {
      return allCases().stream()
          .filter(
              c ->
                  c.status() == CaseStatus.OK
                      && c.valid()
                      && c.precision() == precision
                      && c.model().equals(model)
                      && c.batch() == batch)
          .findFirst();
    }

    /** The measured (status ok) case of a model at a batch size in a precision, valid or not. */
    public Optional<CaseResult> ok(String model, int batch, Precision precision) {
      return allCases().stream()
          .filter(
              c ->
                  c.status() == CaseStatus.OK
                      && c.precision() == precision
                      && c.model().equals(model)
                      && c.batch() == batch)
          .findFirst();
    }

    /** The measured (status ok) case of a model at a batch size. */
    public Optional<CaseResult> ok(String model, int batch) {
      return cases.stream()
          .filter(c -> c.status() == CaseStatus.OK && c.model().equals(model) && c.batch() == batch)
          .findFirst();
    }

    /**
     * The valid case of a model at a batch size: measured (status ok) and judged believable (see
     * {@code Verdict}). Timing figures, findings and recommendations use these only.
     */
    public Optional<CaseResult> valid(String model, int batch) {
      return ok(model, batch).filter(CaseResult::valid);
    }

    /** Measured (status ok) cases that are not valid. */
    public List<CaseResult> invalid() {
      return cases.stream().filter(c -> c.status() == CaseStatus.OK && !c.valid()).toList();
    }

    /** Cases that are valid. */
    public long validCount() {
      return cases.stream().filter(c -> c.status() == CaseStatus.OK && c.valid()).count();
    }

    /** Batch sizes with at least one case, ascending. */
    public List<Integer> batches() {
      var s = new TreeSet<Integer>();
      cases.forEach(c -> s.add(c.batch()));
      return List.copyOf(s);
    }

    /** Models with at least one case, in first-seen order. */
    public List<String> models() {
      var s = new LinkedHashMap<String, Boolean>();
      cases.forEach(c -> s.put(c.model(), true));
      return List.copyOf(s.keySet());
    }

    /** Images per second at batch 1 of the valid case, NaN if there is none. */
    public double fps1(String model) {
      return valid(model, 1).map(CaseResult::imagesPerS).orElse(Double.NaN);
    }
  }

  private final List<ModelFacts> models;
  private final Map<String, ModelFacts> byId;
  private final List<Machine> machines;
  private final Map<String, AccuracyRecord> measuredByLabel;

  private ReportData(
      List<ModelFacts> models, List<Machine> machines, Map<String, AccuracyRecord> measured) {
    this.models = List.copyOf(models);
    this.machines = List.copyOf(machines);
    this.measuredByLabel = Map.copyOf(measured);
    this.byId = new HashMap<>();
    models.forEach(m -> byId.put(m.model(), m));
  }

  /**
   * The measured accuracy of a model in a precision ({@code accuracy --precision} stores the int8
   * evaluation of {@code resnet50} as {@code resnet50 [int8]}), if it was measured.
   */
  public Optional<AccuracyRecord> measuredAccuracy(String model, Precision precision) {
    return Optional.ofNullable(measuredByLabel.get(new CaseKey(model, 1, precision).label()));
  }

  /** Reads everything from the store. */
  public static ReportData from(ResultStore store) {
    return of(store.analyses(), store.cases(), store.accuracies(), store.machines());
  }

  /** Builds the report's view of these results. */
  public static ReportData of(
      List<AnalysisRecord> analyses,
      List<CaseResult> cases,
      List<AccuracyRecord> accuracies,
      List<MachineRecord> machines) {
    // a case at another input size than its model's default is a model of its own in the report
    // ("resnet18@320"), with the analysis at that size: its parameters and MACs
    cases = cases.stream().map(ReportData::sized).toList();
    var catalog = Catalog.standard();
    var ref = new LinkedHashMap<String, ModelInfo>();
    catalog.reference().forEach(m -> ref.put(m.id(), m));
    var order = new ArrayList<>(ref.keySet());
    var ids =
        new TreeSet<String>(
            Comparator.comparingInt(
                    (String id) -> {
                      int i = order.indexOf(baseId(id));
                      return i < 0 ? Integer.MAX_VALUE : i;
                    })
                .thenComparing(Comparator.naturalOrder()));
    analyses.forEach(a -> ids.add(a.sizedModel()));
    cases.forEach(c -> ids.add(c.model()));
    var facts = new ArrayList<ModelFacts>();
    for (String id : ids) {
      AnalysisRecord an =
          analyses.stream()
              .filter(a -> a.sizedModel().equals(id) && a.convention().equals(CONVENTION))
              .findFirst()
              .orElse(
                  analyses.stream()
                      .filter(a -> a.sizedModel().equals(id))
                      .findFirst()
                      .orElse(null));
      boolean atDefault = baseId(id).equals(id);
      ModelInfo info = ref.get(baseId(id));
      double params =
          an != null
              ? an.params()
              : info != null && atDefault ? info.referenceParams() : Double.NaN;
      double macs = an != null ? an.macs() : Double.NaN;
      double paramMb = an != null ? an.paramMb() : Double.NaN;
      // accuracies are of the model at its own size: none is known at another size
      AccuracyRecord measured =
          accuracies.stream()
              .filter(a -> a.model().equals(id) && a.kind() == AccuracyKind.MEASURED)
              .max(Comparator.comparing(AccuracyRecord::measured, AccuracyResult.PREFERENCE))
              .orElse(null);
      AccuracyRecord published =
          accuracies.stream()
              .filter(a -> a.model().equals(id) && a.kind() == AccuracyKind.PUBLISHED)
              .findFirst()
              .orElse(null);
      AccuracyRecord acc = measured != null ? measured : published;
      String name =
          info == null
              ? id
              : atDefault ? info.paperName() : info.paperName() + id.substring(baseId(id).length());
      facts.add(
          new ModelFacts(
              id,
              name,
              params,
              macs,
              paramMb,
              acc == null ? Double.NaN : acc.top1(),
              acc == null ? Double.NaN : acc.top5(),
              acc == null ? null : acc.kind(),
              acc == null ? "" : acc.source(),
              info != null ? info.era() : null,
              info != null ? info.year() : 0));
    }
    var ms = new ArrayList<Machine>();
    for (MachineRecord m : machines) {
      var byProvider = new LinkedHashMap<String, List<CaseResult>>();
      cases.stream()
          .filter(c -> c.environment() != null && c.environment().machineId().equals(m.machineId()))
          .forEach(
              c ->
                  byProvider
                      .computeIfAbsent(
                          c.environment().engine().name()
                              + " "
                              + c.environment().engine().executionProvider(),
                          k -> new ArrayList<>())
                      .add(c));
      for (var mine : byProvider.values()) {
        String name =
            byProvider.size() == 1
                ? m.displayName()
                : m.displayName()
                    + " ("
                    + mine.get(0).environment().engine().executionProvider()
                    + ")";
        ms.add(new Machine(m, name, mine));
      }
    }
    var measured = new HashMap<String, AccuracyRecord>();
    for (AccuracyRecord a : accuracies) {
      if (a.kind() == AccuracyKind.MEASURED) {
        measured.merge(
            a.model(),
            a,
            (x, y) -> AccuracyResult.PREFERENCE.compare(x.measured(), y.measured()) >= 0 ? x : y);
      }
    }
    return new ReportData(facts, ms, measured);
  }

  /**
   * A case as the report sees it: at its model's default size as it is, at another size as the
   * model {@code resnet18@320} ({@link CaseKey#sizedModel()}).
   */
  static CaseResult sized(CaseResult c) {
    if (c.key().defaultSize()) {
      return c;
    }
    return new CaseResult(
        new CaseKey(c.key().sizedModel(), c.batch(), c.precision()),
        c.status(),
        c.detail(),
        c.timing(),
        c.valid(),
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  /**
   * The catalog model of a report id: {@code resnet18} for {@code resnet18@320}; any other id as it
   * is.
   */
  static String baseId(String id) {
    int at = id.lastIndexOf('@');
    return at > 0 && Catalog.standard().contains(id.substring(0, at)) ? id.substring(0, at) : id;
  }

  /** Every model with results, in catalog order. */
  public List<ModelFacts> models() {
    return models;
  }

  /** The facts of one model. */
  public ModelFacts model(String id) {
    ModelFacts f = byId.get(id);
    if (f == null) {
      throw new IllegalArgumentException(
          "no results for model '" + id + "'; models: " + byId.keySet());
    }
    return f;
  }

  /** Machines with cases, by label. */
  public List<Machine> machines() {
    return machines;
  }

  /**
   * The machine with this name (e.g. {@code workstation (cuda)}), label or fingerprint prefix, or
   * an error naming the valid ones.
   */
  public Machine machine(String nameOrId) {
    for (Machine m : machines) {
      if (m.name().equals(nameOrId)) {
        return m;
      }
    }
    var hits =
        machines.stream()
            .filter(
                m ->
                    m.record().label().equals(nameOrId)
                        || (!nameOrId.isBlank() && m.record().machineId().startsWith(nameOrId)))
            .toList();
    if (hits.size() == 1) {
      return hits.get(0);
    }
    String names =
        machines.isEmpty()
            ? "none (run 'dnnbench run' first)"
            : String.join(", ", machines.stream().map(Machine::name).toList());
    throw new IllegalArgumentException(
        (hits.isEmpty()
                ? "no results for machine '" + nameOrId + "'"
                : "'" + nameOrId + "' names several")
            + "; machines in the store: "
            + names);
  }

  /**
   * Memory of a case for the figures: device memory where measured (GPU, as the study reported),
   * else the child process's peak resident set; NaN if neither.
   */
  public static double memoryMb(CaseResult c) {
    if (Double.isFinite(c.memory().deviceMemMb())) {
      return c.memory().deviceMemMb();
    }
    return c.memory().peakRssMb();
  }

  /** What {@link #memoryMb} reports for this machine's cases, for axis labels. */
  public static String memorySource(Machine m) {
    boolean device = m.cases().stream().anyMatch(c -> Double.isFinite(c.memory().deviceMemMb()));
    return device ? "device memory in use" : "peak resident memory of the process";
  }
}
