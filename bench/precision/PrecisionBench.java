// Side-by-side speed of fp32, int8 (static QDQ, org.dnnbench.quant) and optionally fp16 in ONE
// process, runs interleaved: each round times every (model, batch) in each precision back to back,
// rotating which goes first, so that the load other work puts on the machine falls on both alike. Prints
// the median ms per batch of each round, the per-round ratios fp32/int8 and their median, and the
// ops the int8 graph still computes in float (from ONNX Runtime's optimized model).
// Run: bench/precision/run.sh (builds the jar), or
//   java -cp "target/dnnbench.jar:target/lib/*" bench/precision/PrecisionBench.java \
//     MODELS BATCHES ROUNDS WARMUP RUNS THREADS [PRECISIONS]
//   e.g. resnet50,mobilenet_v2 1,8 3 3 10 2 fp32,int8,fp16 (fp32 first: the reference)
import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.InputTensor;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.engine.OrtEngine;
import org.dnnbench.engine.Session;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.quant.CalibrationSet;
import org.dnnbench.quant.Fp16Converter;
import org.dnnbench.quant.OptimizedGraphs;
import org.dnnbench.quant.QdqQuantizer;
import org.dnnbench.quant.QuantOptions;
import org.dnnbench.zoo.Catalog;

public class PrecisionBench {
  public static void main(String[] a) throws Exception {
    List<String> models = List.of(a[0].split(","));
    int[] batches = Arrays.stream(a[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int rounds = Integer.parseInt(a[2]);
    int warmup = Integer.parseInt(a[3]);
    int runs = Integer.parseInt(a[4]);
    int threads = Integer.parseInt(a[5]);
    var opts = new EngineOptions(threads, EngineOptions.CPU, OptimizationLevel.ALL);
    Path tmp = Files.createTempDirectory("dnnbench-precision");
    List<String> precisions = List.of((a.length > 6 ? a[6] : "fp32,int8").split(","));
    if (!precisions.get(0).equals("fp32")) {
      throw new IllegalArgumentException("the first precision must be fp32, the reference");
    }
    var rows = new ArrayList<String>();
    try (var engine = new OrtEngine()) {
      for (String id : models) {
        ModelProto fp32 = OnnxExporter.export(Catalog.standard().build(id), 42);
        var sessions = new ArrayList<Session>();
        try {
          for (String p : precisions) {
            ModelProto m = fp32;
            Path optimized = tmp.resolve(id + "-" + p + "-optimized.onnx");
            long t0 = System.nanoTime();
            if (p.equals("int8")) {
              var q = QdqQuantizer.quantize(fp32, CalibrationSet.random(8, 1), QuantOptions.defaults(), opts);
              m = q.model();
              System.out.printf(Locale.ROOT, "%s int8: quantized in %.1f s (calibration: %s)%n", id,
                  (System.nanoTime() - t0) / 1e9, q.calibration());
            } else if (p.equals("fp16")) {
              var h = Fp16Converter.convert(fp32, opts);
              m = h.model();
              System.out.println(id + " " + h.describe());
            } else if (!p.equals("fp32")) {
              throw new IllegalArgumentException("unknown precision '" + p + "'; valid: fp32, int8, fp16");
            }
            sessions.add(engine.open(m.toByteArray(), id + " " + p, opts.withOptimizedModelPath(optimized)));
            if (p.equals("int8")) {
              ModelProto ran = OptimizedGraphs.read(optimized);
              System.out.printf("%s int8 graph as run: int8 kernels %s; float compute %s%n", id,
                  OptimizedGraphs.int8Ops(ran), OptimizedGraphs.floatComputeOps(ran));
            }
          }
          for (int batch : batches) {
            int np = precisions.size();
            double[][] t = new double[np][rounds];
            var inputs = new ArrayList<InputTensor>();
            try {
              for (Session s : sessions) {
                inputs.add(s.randomInput(batch, 3));
              }
              for (int r = 0; r < rounds; r++) {
                var line = new StringBuilder(String.format(Locale.ROOT, "  %s b%d round %d:", id, batch, r + 1));
                for (int k = 0; k < np; k++) {
                  int i = (k + r) % np; // rotate which precision goes first
                  t[i][r] = median(sessions.get(i), inputs.get(i), warmup, runs);
                }
                for (int i = 0; i < np; i++) {
                  line.append(String.format(Locale.ROOT, " %s %.2f ms", precisions.get(i), t[i][r]));
                }
                for (int i = 1; i < np; i++) {
                  line.append(String.format(Locale.ROOT, " | %s %.2fx", precisions.get(i), t[0][r] / t[i][r]));
                }
                System.out.println(line);
              }
            } finally {
              inputs.forEach(InputTensor::close);
            }
            var row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.1f |", id, batch, med(t[0])));
            for (int i = 1; i < np; i++) {
              double[] ratio = new double[rounds];
              for (int r = 0; r < rounds; r++) {
                ratio[r] = t[0][r] / t[i][r];
              }
              row.append(String.format(Locale.ROOT, " %.1f | **%.2fx** (%s) |", med(t[i]), med(ratio),
                  String.join(", ", Arrays.stream(ratio).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).toList())));
            }
            rows.add(row.toString());
          }
        } finally {
          sessions.forEach(Session::close);
        }
      }
    }
    System.out.println();
    var head = new StringBuilder("| model | batch | fp32 ms/batch |");
    var rule = new StringBuilder("|---|---|---|");
    for (String p : precisions.subList(1, precisions.size())) {
      head.append(" ").append(p).append(" ms/batch | ").append(p).append(" speed-up over fp32 (median of per-round ratios; the rounds) |");
      rule.append("---|---|");
    }
    System.out.println(head);
    System.out.println(rule);
    rows.forEach(System.out::println);
  }

  static double median(Session s, InputTensor in, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      s.run(in);
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long x = System.nanoTime();
      s.run(in);
      t[i] = (System.nanoTime() - x) / 1e6;
    }
    return med(t);
  }

  static double med(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    int n = c.length;
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }
}
