package org.dnnbench.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.dnnbench.engine.EngineException;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.InferenceEngine;
import org.dnnbench.engine.InputTensor;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.engine.RunOutput;
import org.dnnbench.engine.Session;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.MachineState;
import org.dnnbench.results.Memory;

/**
 * The child process of one benchmark case (JMH's forked VM): measures one model at one batch size
 * (or the machine's peak GFLOP/s) and prints one {@link ChildReport} JSON line, prefixed by {@link
 * ChildReport#MARKER}, on standard output. Run by {@link ChildLauncher}, never by hand.
 *
 * <p>Order of a case: engine initialized, baseline resident set read; session created (timed);
 * resident set and its peak so far read, the peak reset ({@link MemoryProbe#resetPeak}); the random
 * input built (not timed); the first run (timed separately); warm-up runs; a garbage collection to
 * settle the heap; measured runs, each timed around one inference including reading and releasing
 * its outputs, the machine's counters read between runs every quarter second ({@link RunWindows}:
 * runs taken while other processes were busy are set aside); peak resident set (VmHWM) read last.
 */
public final class CaseMain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CaseMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    ParentWatchdog.start();
    CaseSpec spec;
    try {
      spec = ChildLauncher.readSpec(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    ChildReport report;
    double baseline = Double.NaN;
    CaseSpec.ModelCase controlled =
        spec instanceof CaseSpec.ModelCase m && m.controlled() ? m : null;
    try (InferenceEngine engine = Engines.create();
        Control control =
            controlled != null ? Control.open(engine, options(spec), controlled) : null) {
      String version = engine.version();
      // the control's own memory is not the case's: the baseline is read before it
      baseline = MemoryProbe.rssMb() - (control == null ? 0 : control.residentMb());
      report =
          spec instanceof CaseSpec.PeakCase p
              ? peak(engine, p, version)
              : measure(engine, (CaseSpec.ModelCase) spec, baseline, version, control);
    } catch (OutOfMemoryError e) {
      report =
          ChildReport.failed(
              CaseStatus.OOM,
              "Java heap: " + e.getMessage() + " (raise --child-heap-mb)",
              baseline);
    } catch (EngineException e) {
      CaseStatus s =
          e.kind() == EngineException.Kind.OUT_OF_MEMORY ? CaseStatus.OOM : CaseStatus.ERROR;
      report = ChildReport.failed(s, e.getMessage(), baseline);
    } catch (RuntimeException e) {
      report =
          ChildReport.failed(
              CaseStatus.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), baseline);
    }
    out.println(ChildReport.MARKER + JSON.writeValueAsString(report));
    out.flush();
    System.exit(0);
  }

  private static EngineOptions options(CaseSpec spec) {
    var s = spec.settings();
    return new EngineOptions(
        s.threads(),
        ExecutionProvider.byId(s.provider()),
        OptimizationLevel.byId(s.optimization()));
  }

  /**
   * The speed control ({@link SpeedControl}): its session on the case's engine, as many threads
   * (its own pool, which never spins when idle, so the case's runs are timed as without it), its
   * input, warmed up; {@code residentMb} is what opening and warming it added to the resident set.
   */
  record Control(Session session, InputTensor input, double residentMb) implements AutoCloseable {
    static final int WARMUP = 10;

    static Control open(InferenceEngine engine, EngineOptions options, CaseSpec.ModelCase spec) {
      double before = MemoryProbe.rssMb();
      // its own threads never spin when idle: they must not take a CPU from the case's runs
      var o = options.withOptimization(OptimizationLevel.ALL).withSpinWhenIdle(false);
      String file = spec.controlModelPath();
      Session s =
          file != null && java.nio.file.Files.isRegularFile(Path.of(file))
              ? engine.open(Path.of(file), o)
              : engine.open(SpeedControl.model(spec.settings().seed()), "speed control", o);
      try {
        InputTensor in = s.randomInput(1, spec.settings().seed());
        for (int i = 0; i < WARMUP; i++) {
          s.run(in);
        }
        return new Control(s, in, Math.max(0, MemoryProbe.rssMb() - before));
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
    }

    /** One control run, ms. */
    double runMs() {
      long a = System.nanoTime();
      session.run(input);
      return (System.nanoTime() - a) / 1e6;
    }

    @Override
    public void close() {
      input.close();
      session.close();
    }
  }

  private static ChildReport measure(
      InferenceEngine engine,
      CaseSpec.ModelCase spec,
      double baseline,
      String version,
      Control control)
      throws Exception {
    MachineSampler sampler = new MachineSampler().start();
    long t0 = System.nanoTime();
    try (sampler;
        Session session = engine.open(Path.of(spec.modelPath()), options(spec))) {
      double sessionMs = (System.nanoTime() - t0) / 1e6;
      double afterLoad = MemoryProbe.rssMb();
      double loadPeak = MemoryProbe.peakRssMb();
      boolean reset = MemoryProbe.resetPeak();
      double macs = Double.NaN;
      String m = session.metadata().get(OnnxExporter.KEY_MACS);
      if (m != null) {
        try {
          macs = Double.parseDouble(m);
        } catch (NumberFormatException e) {
          macs = Double.NaN;
        }
      }
      try (InputTensor input =
          session.inputs(spec.batch(), spec.settings().seed(), spec.inputs())) {
        boolean finite = true;
        long t1 = System.nanoTime();
        RunOutput first = session.run(input);
        double firstMs = (System.nanoTime() - t1) / 1e6;
        finite &= first.allFinite();
        boolean[] finiteRuns = {true};
        // the machine's state is read between runs, per window: no sampling thread runs beside
        // the timed runs
        RunWindows windows = RunWindows.ofThisProcess(spec.maxOtherShare());
        // and per run, how long the inference's own threads waited for a CPU (unless others may
        // take the whole machine: --max-other-cpu 1 keeps every run)
        ThreadWaits waits =
            ThreadWaits.ofThisProcess(
                spec.maxOtherShare() >= 1
                    ? Double.POSITIVE_INFINITY
                    : spec.rule().targetHalfWidth());
        // and, between runs, the machine's own speed: a control model on the same threads
        SpeedControl speed =
            control == null
                ? null
                : new SpeedControl(
                    control::runMs,
                    System::nanoTime,
                    spec.controlReferenceMs(),
                    spec.maxSlowdown(),
                    waits::rebase);
        StoppingRule.Attribution others = ThreadWaits.both(windows, waits);
        StoppingRule.Attribution attribution =
            speed == null ? others : SpeedControl.all(others, speed);
        StoppingRule.Outcome o =
            spec.rule()
                .measure(
                    () -> {
                      long a = System.nanoTime();
                      RunOutput out = session.run(input);
                      long b = System.nanoTime();
                      finiteRuns[0] &= out.allFinite();
                      return (b - a) / 1e6;
                    },
                    System::nanoTime,
                    () -> {
                      System.gc(); // settle the heap before measuring
                      sampler.measuringWithoutThread();
                    },
                    attribution);
        MachineState state = sampler.stop(windows.peakOtherCores());
        finite &= finiteRuns[0];
        List<Double> times = o.timesMs();
        int warmups = o.warmupMs().size();
        boolean cut = o.cutShort();
        double device =
            ExecutionProvider.byId(spec.settings().provider()) == ExecutionProvider.CPU
                ? Double.NaN
                : deviceMemoryMb();
        String detail = finite ? "" : "some outputs were not finite";
        // under taskset or a cpuset, other processes' CPU is counted on the allowed CPUs only;
        // under a cgroup quota, against the quota's CPUs
        String considered = ProcSnapshot.consideredPhrase(CgroupCpu.currentCpus());
        if (!considered.isEmpty()) {
          detail = detail.isEmpty() ? considered : detail + "; " + considered;
        }
        // peak = baseline + model + batch: the batch's part is the inference peak over the resident
        // set after loading; the model's part is that resident growth plus any excess of the
        // loading peak (protobuf and weights both held) over the inference peak
        double runPeak = MemoryProbe.peakRssMb();
        double peak =
            (reset ? Math.max(loadPeak, runPeak) : runPeak)
                - (control == null ? 0 : control.residentMb());
        double modelRss = (afterLoad - baseline) + (reset ? Math.max(0, loadPeak - runPeak) : 0);
        return new ChildReport(
            CaseStatus.OK.id(),
            detail,
            new ChildReport.Runs(
                sessionMs,
                firstMs,
                warmups,
                times,
                cut,
                o.setAsideMs(),
                o.knownWindows(),
                StoppingRule.setAsideOnlyBy(windows, waits),
                speed == null ? 0 : StoppingRule.setAsideOnlyBy(others, speed),
                speed == null ? ChildReport.Speed.NONE : speed.report()),
            new Memory(peak, baseline, modelRss, device),
            macs,
            finite,
            version,
            Double.NaN,
            state);
      }
    }
  }

  /**
   * The machine's peak: the best of a few products of two {@code n x n} matrices on the engine, in
   * GFLOP/s ({@code 2 n^3} FLOPs each).
   */
  private static ChildReport peak(InferenceEngine engine, CaseSpec.PeakCase spec, String version) {
    int n = spec.matmulSize();
    byte[] model = OnnxExporter.matMul(n, spec.settings().seed());
    MachineSampler sampler = new MachineSampler().start();
    try (sampler;
        Session session = engine.open(model, "matmul" + n, options(spec));
        InputTensor a = session.randomInput(n, spec.settings().seed())) {
      for (int i = 0; i < spec.warmup(); i++) {
        session.run(a);
      }
      sampler.measuring();
      double best = Double.MAX_VALUE;
      var times = new ArrayList<Double>();
      for (int i = 0; i < spec.runs(); i++) {
        long t = System.nanoTime();
        session.run(a);
        double ms = (System.nanoTime() - t) / 1e6;
        times.add(ms);
        best = Math.min(best, ms);
      }
      double gflops = 2.0 * n * n * (double) n / (best / 1e3) / 1e9;
      MachineState state = sampler.stop();
      return new ChildReport(
          CaseStatus.OK.id(),
          "",
          new ChildReport.Runs(Double.NaN, Double.NaN, spec.warmup(), times, false),
          new Memory(MemoryProbe.peakRssMb(), Double.NaN, Double.NaN, Double.NaN),
          Double.NaN,
          true,
          version,
          gflops,
          state);
    }
  }

  /** GPU memory used by this process per {@code nvidia-smi}, MB; NaN if it cannot tell. */
  static double deviceMemoryMb() {
    long pid = ProcessHandle.current().pid();
    try {
      Process p =
          new ProcessBuilder(
                  "nvidia-smi",
                  "--query-compute-apps=pid,used_memory",
                  "--format=csv,noheader,nounits")
              .redirectErrorStream(true)
              .start();
      List<String> lines = new ArrayList<>();
      try (var r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Double.NaN;
      }
      for (String line : lines) {
        String[] f = line.split(",");
        if (f.length == 2 && f[0].trim().equals(Long.toString(pid))) {
          // nvidia-smi reports MiB
          return Double.parseDouble(f[1].trim().toLowerCase(Locale.ROOT).replace("mib", "").trim())
              * 1048576
              / 1e6;
        }
      }
      return Double.NaN;
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }
}
