// A bare ONNX Runtime timing loop, the baseline of bench/overhead.sh: same session options as
// dnnbench's OrtEngine (intra-op threads, one inter-op thread, sequential, all optimizations), a
// random input made once, then warm-up and timed runs of session.run(...).close() only.
// Run: java -cp "target/dnnbench.jar:target/lib/*" bench/BareOrt.java MODEL.onnx BATCH WARMUP RUNS THREADS
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

public class BareOrt {
  public static void main(String[] a) throws Exception {
    String model = a[0];
    int batch = Integer.parseInt(a[1]);
    int warmup = Integer.parseInt(a[2]);
    int runs = Integer.parseInt(a[3]);
    int threads = Integer.parseInt(a[4]);
    var env = OrtEnvironment.getEnvironment();
    try (var so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(threads);
      so.setInterOpNumThreads(1);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (var session = env.createSession(model, so)) {
        String name = session.getInputNames().iterator().next();
        long[] shape = ((TensorInfo) session.getInputInfo().get(name).getInfo()).getShape();
        shape[0] = batch;
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        FloatBuffer fb = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        var rnd = new Random(1);
        for (int i = 0; i < n; i++) {
          fb.put(rnd.nextFloat() * 2 - 1);
        }
        fb.rewind();
        try (var input = OnnxTensor.createTensor(env, fb, shape)) {
          var feed = Map.of(name, input);
          session.run(feed).close();
          for (int i = 0; i < warmup; i++) {
            session.run(feed).close();
          }
          double[] t = new double[runs];
          for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            session.run(feed).close();
            t[i] = (System.nanoTime() - s) / 1e6;
          }
          double mean = Arrays.stream(t).average().orElseThrow();
          double[] sorted = t.clone();
          Arrays.sort(sorted);
          double median = (sorted[(runs - 1) / 2] + sorted[runs / 2]) / 2;
          System.out.printf(Locale.ROOT, "{\"mean_ms\": %.4f, \"median_ms\": %.4f, \"min_ms\": %.4f}%n", mean, median, sorted[0]);
        }
      }
    }
  }
}
