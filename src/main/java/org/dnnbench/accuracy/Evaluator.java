package org.dnnbench.accuracy;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures top-1/top-5 of a {@link Classifier} on a {@link Dataset}.
 *
 * <p>A pipeline: {@code threads} workers decode and preprocess images ahead of the engine (up to
 * {@link #PREFETCH_BATCHES} batches in flight), the calling thread assembles batches in dataset
 * order and runs the engine, so that the engine does not wait for images while enough cores decode.
 * Files that cannot be decoded are skipped and reported; the run never aborts for them.
 */
public final class Evaluator {
  /** Batches decoded ahead of the engine. */
  public static final int PREFETCH_BATCHES = 3;

  private Evaluator() {}

  /**
   * How to evaluate.
   *
   * @param model the name stored with the result (catalog id or ONNX file name)
   * @param weightsSha256 SHA-256 of the weights file
   * @param batch images per engine run
   * @param threads decoding threads
   * @param labelOffset added to labels to index the model's outputs; -1 to decide from the number
   *     of outputs (1 when the model has one more output than the dataset has classes)
   */
  public record Options(
      String model, String weightsSha256, int batch, int threads, int labelOffset) {
    public Options {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(weightsSha256, "weightsSha256");
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      }
      org.dnnbench.engine.EngineOptions.checkThreads(threads, "decoding threads (--threads)");
      if (labelOffset < -1) {
        throw new IllegalArgumentException(
            "label offset must be >= 0 (or -1 for automatic), got " + labelOffset);
      }
    }
  }

  private record Item(float[] data, int label, List<FileIssue> issues) {}

  /** Evaluates every sample of {@code data}. */
  public static AccuracyReport evaluate(
      Dataset data, ImagePreprocessor pre, Classifier model, Options opt, AccuracyListener listener)
      throws Exception {
    return evaluateAll(data, pre, List.of(model), List.of(opt), listener).reports().get(0);
  }

  /**
   * Several classifiers on the same images (each batch decoded once, run through each), e.g. one
   * model in fp32 and in int8, with each one's report and its paired comparison with the first.
   *
   * @param reports one per classifier, in order
   * @param comparisons for every classifier after the first, its comparison with the first
   */
  public record Evaluations(List<AccuracyReport> reports, List<PairedComparison> comparisons) {
    public Evaluations {
      reports = List.copyOf(reports);
      comparisons = List.copyOf(comparisons);
    }
  }

  /**
   * Evaluates {@code models} on the same images; the batch, threads and label offset come from the
   * first {@code opts}, the names and weights of each from its own. Progress is the first's.
   */
  public static Evaluations evaluateAll(
      Dataset data,
      ImagePreprocessor pre,
      List<Classifier> models,
      List<Options> opts,
      AccuracyListener listener)
      throws Exception {
    if (models.isEmpty() || models.size() != opts.size()) {
      throw new IllegalArgumentException("one Options per classifier, at least one");
    }
    int m = models.size();
    Options opt = opts.get(0);
    List<Sample> samples = data.samples();
    int total = samples.size();
    int size = pre.inputSize();
    int per = pre.floatsPerImage();
    int batch = models.get(0).fixedBatch().orElse(opt.batch());
    for (Classifier c : models) {
      if (c.fixedBatch().isPresent() && c.fixedBatch().getAsInt() != batch) {
        throw new IllegalArgumentException("the models compared take different fixed batch sizes");
      }
    }
    int window = Math.max(batch * PREFETCH_BATCHES, opt.threads() * 2);
    listener.started(opt.model(), total);
    var threadNo = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            opt.threads(),
            r -> {
              Thread t = new Thread(r, "dnnbench-decode-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    var issues = new ArrayList<FileIssue>();
    var inFlight = new ArrayDeque<Future<Item>>();
    int next = 0;
    int done = 0;
    int evaluated = 0;
    int skipped = 0;
    long[] top1 = new long[m];
    long[] top5 = new long[m];
    long[][] pairs = new long[m][5]; // top-1: only ref right, only other right; top-5 same; agree
    int offset = opt.labelOffset();
    long[] engineNanos = new long[m];
    long t0 = System.nanoTime();
    float[] buf = new float[batch * per];
    int[] labels = new int[batch];
    try {
      while (done < total) {
        while (next < total && inFlight.size() < window) {
          Sample s = samples.get(next++);
          inFlight.add(pool.submit(() -> load(pre, s, per)));
        }
        int n = 0;
        int taken = 0;
        while (n < batch && done + taken < total) {
          Item it = await(inFlight.poll());
          taken++;
          while (next < total && inFlight.size() < window) {
            Sample s = samples.get(next++);
            inFlight.add(pool.submit(() -> load(pre, s, per)));
          }
          for (FileIssue fi : it.issues()) {
            issues.add(fi);
            listener.fileIssue(fi);
          }
          if (it.data() == null) {
            skipped++;
            continue;
          }
          System.arraycopy(it.data(), 0, buf, n * per, per);
          labels[n++] = it.label();
        }
        done += taken;
        if (n > 0) {
          int runN = models.get(0).fixedBatch().isPresent() ? batch : n;
          if (runN > n) {
            java.util.Arrays.fill(buf, n * per, runN * per, 0f);
          }
          int[][] ranks = new int[m][n];
          int[][] best = new int[m][n];
          for (int k = 0; k < m; k++) {
            long e0 = System.nanoTime();
            float[][] scores = models.get(k).classify(buf, runN, size);
            engineNanos[k] += System.nanoTime() - e0;
            if (offset < 0) {
              offset = decideOffset(scores[0].length, data.classes());
            }
            for (int i = 0; i < n; i++) {
              int label = labels[i] + offset;
              if (label >= scores[i].length) {
                throw new IllegalStateException(
                    "the model has "
                        + scores[i].length
                        + " outputs, but label "
                        + label
                        + " was asked for (dataset of "
                        + data.classes()
                        + " classes)");
              }
              int r = Stats.rank(scores[i], label);
              ranks[k][i] = r;
              best[k][i] = Stats.argmax(scores[i]);
              top1[k] += r < 1 ? 1 : 0;
              top5[k] += r < 5 ? 1 : 0;
            }
          }
          for (int k = 1; k < m; k++) {
            for (int i = 0; i < n; i++) {
              boolean a1 = ranks[0][i] < 1;
              boolean b1 = ranks[k][i] < 1;
              boolean a5 = ranks[0][i] < 5;
              boolean b5 = ranks[k][i] < 5;
              pairs[k][0] += a1 && !b1 ? 1 : 0;
              pairs[k][1] += b1 && !a1 ? 1 : 0;
              pairs[k][2] += a5 && !b5 ? 1 : 0;
              pairs[k][3] += b5 && !a5 ? 1 : 0;
              pairs[k][4] += best[0][i] == best[k][i] ? 1 : 0;
            }
          }
          evaluated += n;
        }
        listener.progress(
            new Progress(
                done,
                total,
                evaluated,
                skipped,
                (int) top1[0],
                (int) top5[0],
                (System.nanoTime() - t0) / 1e9));
      }
    } finally {
      for (Future<Item> f : inFlight) {
        f.cancel(true);
      }
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (evaluated == 0) {
      throw new IllegalStateException(
          "none of the "
              + total
              + " files in "
              + data.root()
              + " could be decoded; see the skipped files above");
    }
    var reports = new ArrayList<AccuracyReport>();
    var comparisons = new ArrayList<PairedComparison>();
    for (int k = 0; k < m; k++) {
      var result =
          new AccuracyResult(
              opts.get(k).model(),
              opts.get(k).weightsSha256(),
              data.fingerprint(),
              evaluated,
              skipped,
              100.0 * top1[k] / evaluated,
              100.0 * top5[k] / evaluated,
              Stats.wilsonHalfWidth95(top1[k], evaluated),
              Stats.wilsonHalfWidth95(top5[k], evaluated),
              pre.describe(),
              Instant.now().toString());
      reports.add(
          new AccuracyReport(
              result,
              issues,
              seconds,
              evaluated / seconds,
              engineNanos[k] > 0 ? evaluated / (engineNanos[k] / 1e9) : 0,
              Math.max(offset, 0)));
      if (k > 0) {
        comparisons.add(
            PairedComparison.of(
                opts.get(0).model(),
                opts.get(k).model(),
                evaluated,
                pairs[k][0],
                pairs[k][1],
                pairs[k][2],
                pairs[k][3],
                pairs[k][4]));
      }
    }
    listener.finished(reports.get(0));
    return new Evaluations(reports, comparisons);
  }

  private static int decideOffset(int outputs, int classes) {
    if (outputs == classes) {
      return 0;
    }
    if (outputs == classes + 1) {
      return 1;
    }
    throw new IllegalStateException(
        "the model has "
            + outputs
            + " outputs but the dataset has "
            + classes
            + " classes; pass --label-offset N if its classes are a shifted range");
  }

  private static Item load(ImagePreprocessor pre, Sample s, int per) {
    float[] data = new float[per];
    try {
      List<String> notes = pre.process(s.file(), data, 0);
      List<FileIssue> issues = notes.stream().map(n -> new FileIssue(s.file(), n, false)).toList();
      return new Item(data, s.label(), issues);
    } catch (UndecodableImageException e) {
      return new Item(null, s.label(), List.of(new FileIssue(s.file(), e.getMessage(), true)));
    } catch (RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Item(
          null, s.label(), List.of(new FileIssue(s.file(), "unreadable: " + msg, true)));
    }
  }

  private static Item await(Future<Item> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
    }
  }
}
