import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.dnnbench.accuracy.AccuracyListener;
import org.dnnbench.accuracy.AccuracyReport;
import org.dnnbench.accuracy.Dataset;
import org.dnnbench.accuracy.DatasetLayout;
import org.dnnbench.accuracy.Datasets;
import org.dnnbench.accuracy.Evaluator;
import org.dnnbench.accuracy.ImagePreprocessor;
import org.dnnbench.accuracy.EngineClassifier;
import org.dnnbench.zoo.Preprocessing;

/**
 * The accuracy pipeline's images/s against the engine's own images/s on the same model, batch
 * size and engine threads (run by run.sh). The engine-alone figure runs the same number of
 * batches of an already preprocessed tensor; the pipeline decodes and preprocesses JPEGs of
 * ImageNet's typical size (500 x 375, quality 90) on decoding threads while the engine runs.
 *
 * <p>Usage: java -cp CLASSPATH PipelineBench.java MODEL.onnx IMAGES BATCH ENGINE_THREADS DECODE_THREADS ROUNDS
 */
public class PipelineBench {
  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int images = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int engineThreads = Integer.parseInt(args[3]);
    int decodeThreads = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    Path data = Files.createTempDirectory("dnnbench-pipeline-");
    makeDataset(data, images);
    Dataset ds = Datasets.open(data, DatasetLayout.FOLDER_PER_CLASS, Optional.empty());
    var pre = new ImagePreprocessor(Preprocessing.IMAGENET, 224);
    try (var clf = new EngineClassifier(model, engineThreads)) {
      float[] buf = new float[batch * pre.floatsPerImage()];
      new Random(1).ints(0, 255).limit(buf.length).forEach(new java.util.function.IntConsumer() {
        int i;
        public void accept(int v) { buf[i++] = v / 255f; }
      });
      clf.classify(buf, batch, 224); // warm-up
      clf.classify(buf, batch, 224);
      System.out.printf(Locale.ROOT, "model %s, %d images of 500x375 JPEG, batch %d, engine threads %d, decode threads %d, cores %d%n",
          model.getFileName(), images, batch, engineThreads, decodeThreads, Runtime.getRuntime().availableProcessors());
      // The machine may be shared: each round measures engine alone, pipeline, engine alone, and
      // compares the pipeline with the mean of the two engine runs around it.
      List<Double> ratios = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        double e1 = engineAlone(clf, buf, batch, images);
        AccuracyReport rep = Evaluator.evaluate(ds, pre, clf, new Evaluator.Options("bench", "-", batch, decodeThreads, 0), AccuracyListener.NONE);
        double e2 = engineAlone(clf, buf, batch, images);
        double engine = (e1 + e2) / 2;
        double pipe = rep.pipelineImagesPerSecond();
        ratios.add(pipe / engine);
        System.out.printf(Locale.ROOT, "round %d: engine alone %.2f / %.2f img/s, pipeline %.2f img/s (engine busy %.2f img/s), ratio %.3f%n",
            r + 1, e1, e2, pipe, rep.engineImagesPerSecond(), pipe / engine);
      }
      ratios.sort(null);
      System.out.printf(Locale.ROOT, "median ratio pipeline / engine alone: %.3f%n", ratios.get(ratios.size() / 2));
    } finally {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static double engineAlone(EngineClassifier clf, float[] buf, int batch, int images) throws Exception {
    long t0 = System.nanoTime();
    int batches = (images + batch - 1) / batch;
    for (int b = 0; b < batches; b++) {
      clf.classify(buf, batch, 224);
    }
    return batches * batch / ((System.nanoTime() - t0) / 1e9);
  }

  /** Photographic-looking JPEGs (smooth gradients plus noise), 10 class folders. */
  static void makeDataset(Path dir, int n) throws Exception {
    Random rnd = new Random(42);
    for (int i = 0; i < n; i++) {
      int w = 500;
      int h = 375;
      var img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      double a = rnd.nextDouble(), b = rnd.nextDouble(), c = rnd.nextDouble();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int r = clamp(128 + 100 * Math.sin(x * a / 20 + y * b / 30) + rnd.nextGaussian() * 12);
          int g = clamp(128 + 100 * Math.cos(y * c / 25 + x * a / 40) + rnd.nextGaussian() * 12);
          int bl = clamp(128 + 90 * Math.sin((x + y) * b / 35) + rnd.nextGaussian() * 12);
          img.setRGB(x, y, (r << 16) | (g << 8) | bl);
        }
      }
      Path f = dir.resolve("c" + (i % 10)).resolve(String.format("img%05d.JPEG", i));
      Files.createDirectories(f.getParent());
      ImageIO.write(img, "jpg", f.toFile());
    }
  }

  static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
