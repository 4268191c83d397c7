package org.dnnbench.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.dnnbench.results.Precision;

/**
 * Plans a sweep's cases into a time budget, as a hard limit.
 *
 * <p><b>Order</b>: breadth-first by batch size: every selected model at the smallest batch before
 * any model at the next, and within a batch size the cheapest case first (predicted time, then
 * model id), so a short budget still covers the most models. With {@link #forks} of n, a case
 * handed back by {@link #again} for its next fork comes after every first fork at its batch size
 * and before the next batch size, so its forks are spaced apart by the whole level; a first fork
 * starts only when the budget also holds its other forks and those promised to the cases before it
 * (so a short budget ends with fewer models, all forked, not more, all invalid). Cases handed back
 * by {@link #retry} (unstable ones) come after all first attempts, so a burst of load has time to
 * pass.
 *
 * <p><b>Prediction</b>: a case takes {@code overhead + runs x 2 x MACs x batch / speed}, where
 * {@code speed} is the machine's effective FLOP/s, {@code runs} the warm-up and measured runs a
 * case typically does and {@code overhead} what a case costs besides its runs (child JVM, export,
 * session, first run). They start from the machine's measured peak (half of it as a guess) and
 * defaults, and are refined as cases finish: {@code speed} from the finished cases' FLOPs over
 * their run time, {@code runs} and {@code overhead} as the finished cases' means.
 *
 * <p><b>Hard limit</b>: a case starts only when its prediction fits what is left of the budget; its
 * measured runs are told to stop with {@link Next#hardSeconds} (what is left less its predicted
 * overhead and the forks promised) and the case is killed after {@link Next#killAfterSeconds},
 * which is never beyond {@value #OVERRUN} of the budget past its end. A case that does not fit is
 * skipped (a cheaper one later in the order may still fit) and listed by {@link #notMeasured}.
 */
public final class BudgetPlanner {
  /** The largest overrun of the budget, as a share of it. */
  public static final double OVERRUN = 0.10;

  /** Guessed share of the peak that a model reaches, until a case has finished. */
  static final double INITIAL_EFFICIENCY = 0.5;

  /** Guessed FLOP/s without a measured peak. */
  static final double DEFAULT_FLOPS = 50e9;

  /** Guessed seconds per case besides its runs, until a case has finished. */
  static final double INITIAL_OVERHEAD_S = 3.0;

  /**
   * One case to plan.
   *
   * @param model catalog id
   * @param batch batch size
   * @param macsPerImage MACs of one image
   * @param precision the precision it runs in
   */
  public record Case(String model, int batch, double macsPerImage, Precision precision) {
    public Case {
      precision = precision == null ? Precision.FP32 : precision;
    }

    /** An fp32 case. */
    public Case(String model, int batch, double macsPerImage) {
      this(model, batch, macsPerImage, Precision.FP32);
    }

    double flops() {
      return 2 * macsPerImage * batch;
    }
  }

  /**
   * The next case to measure.
   *
   * @param item the case
   * @param attempt 1 for the first attempt, 2 for the first retry, ...
   * @param predictedSeconds its predicted time
   * @param hardSeconds the limit for its warm-up and measured runs
   * @param killAfterSeconds the limit of the whole case
   */
  public record Next(
      Case item,
      int attempt,
      double predictedSeconds,
      double hardSeconds,
      double killAfterSeconds) {}

  private final double budgetS;
  private final int minRuns;
  private final double capSeconds;
  private final double minCaseSeconds;
  private final Deque<Case> queue = new ArrayDeque<>();
  private final Deque<Case> again = new ArrayDeque<>();
  private final Deque<Case> retries = new ArrayDeque<>();
  private int forks = 1;
  private final java.util.Map<Case, Integer> attempts = new java.util.HashMap<>();
  private final List<Case> skipped = new ArrayList<>();
  private double speed;
  private double overheadS = INITIAL_OVERHEAD_S;
  private double runs;
  private double sumFlops;
  private double sumRunSeconds;
  private double sumOverhead;
  private double sumRuns;
  private int finished;

  /**
   * A planner.
   *
   * @param cases the cases to measure, in any order
   * @param budgetSeconds the budget
   * @param peakGflops the machine's measured peak, NaN if unknown
   * @param minRuns warm-up plus measured runs a case does at least (the study: 20)
   * @param capSeconds the stopping rule's time cap per case (warm-up and measured runs)
   */
  public BudgetPlanner(
      List<Case> cases, double budgetSeconds, double peakGflops, int minRuns, double capSeconds) {
    this(cases, budgetSeconds, peakGflops, minRuns, capSeconds, 0);
  }

  /**
   * A planner whose cases measure for at least {@code minSeconds} (and warm up for half of it:
   * {@link org.dnnbench.measure.StoppingRule#withMinSeconds}).
   */
  public BudgetPlanner(
      List<Case> cases,
      double budgetSeconds,
      double peakGflops,
      int minRuns,
      double capSeconds,
      double minSeconds) {
    if (!(budgetSeconds > 0)) {
      throw new IllegalArgumentException("budget must be > 0 s, got " + budgetSeconds);
    }
    this.budgetS = budgetSeconds;
    this.minRuns = Math.max(1, minRuns);
    this.capSeconds = capSeconds;
    this.minCaseSeconds = Math.min(1.5 * Math.max(0, minSeconds), capSeconds * 4 / 3);
    this.speed = peakGflops > 0 ? peakGflops * 1e9 * INITIAL_EFFICIENCY : DEFAULT_FLOPS;
    this.runs = 2.0 * this.minRuns;
    queue.addAll(order(cases, this::runSeconds));
  }

  /** Plans {@code n} forks per case ({@link org.dnnbench.measure.Forks}); 1 by default. */
  public BudgetPlanner forks(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("forks must be >= 1, got " + n);
    }
    this.forks = n;
    return this;
  }

  /**
   * The queues in the order {@link #next} takes them: a case's next fork before any first fork at a
   * larger batch size, retries last.
   */
  private List<Deque<Case>> queues() {
    boolean againFirst =
        !again.isEmpty()
            && (queue.isEmpty() || queue.peekFirst().batch() > again.peekFirst().batch());
    return againFirst ? List.of(again, queue, retries) : List.of(queue, again, retries);
  }

  /** Breadth-first by batch, cheapest first within a batch size, then by model id. */
  static List<Case> order(List<Case> cases, java.util.function.ToDoubleFunction<Case> cost) {
    var sorted = new ArrayList<>(cases);
    sorted.sort(
        Comparator.comparingInt(Case::batch).thenComparingDouble(cost).thenComparing(Case::model));
    return sorted;
  }

  /** Seconds of one run of {@code c}. */
  double runSeconds(Case c) {
    return c.flops() / speed;
  }

  /**
   * Predicted seconds of {@code c}: overhead plus its expected runs, at least the minimum time of
   * its warm-up and measured runs, within the time cap.
   */
  public double predict(Case c) {
    double runTime = Math.min(runs * runSeconds(c), capSeconds * 4 / 3 + runSeconds(c));
    return overheadS + Math.max(runTime, minCaseSeconds);
  }

  /** Predicted seconds of {@code c} doing only its minimum runs. */
  double predictMinimum(Case c) {
    return overheadS + minRuns * runSeconds(c);
  }

  /**
   * The next case that fits what is left at {@code elapsedSeconds}; empty when none does (the cases
   * that did not fit are then in {@link #notMeasured}).
   *
   * <p>With {@link #forks} of n, a case's first fork starts only when what is left also holds the
   * predictions of its other forks and of the forks already promised to the cases started before it
   * (those handed back by {@link #again}): a short budget measures fewer models with all their
   * forks, which can be valid, rather than more with one fork each, which cannot. Every fork's hard
   * limit leaves that promised time free.
   */
  public Optional<Next> next(double elapsedSeconds) {
    double left = budgetS - elapsedSeconds;
    for (Deque<Case> q = first(); q != null; q = first()) {
      Case c = q.pollFirst();
      double promised = promised();
      if (q == again) {
        promised -= predict(c); // its own promise is kept now
      } else if (q == queue) {
        promised += (forks - 1) * predict(c);
      }
      if (predictMinimum(c) + promised <= left) {
        int attempt = attempts.merge(c, 1, Integer::sum);
        double hard = Math.max(runSeconds(c), left - promised - overheadS);
        double kill = Math.max(0, budgetS * (1 + OVERRUN) - elapsedSeconds);
        return Optional.of(new Next(c, attempt, predict(c), hard, kill));
      }
      if (!attempts.containsKey(c)) {
        skipped.add(c);
      }
    }
    return Optional.empty();
  }

  /** The first non-empty queue in {@link #queues} order; null when all are empty. */
  private Deque<Case> first() {
    return queues().stream().filter(q -> !q.isEmpty()).findFirst().orElse(null);
  }

  /** Predicted seconds of the forks promised to cases already started. */
  private double promised() {
    return again.stream().mapToDouble(this::predict).sum();
  }

  /**
   * A case finished: refines the prediction.
   *
   * @param c the case
   * @param wallSeconds its whole time
   * @param runSeconds the time of its warm-up and measured runs
   * @param runsDone how many runs those were
   */
  public void finished(Case c, double wallSeconds, double runSeconds, int runsDone) {
    if (runsDone > 0 && runSeconds > 0) {
      sumFlops += c.flops() * runsDone;
      sumRunSeconds += runSeconds;
      speed = sumFlops / sumRunSeconds;
      sumRuns += runsDone;
    }
    sumOverhead += Math.max(0, wallSeconds - Math.max(0, runSeconds));
    finished++;
    overheadS = sumOverhead / finished;
    if (sumRuns > 0) {
      runs = Math.max(minRuns, sumRuns / finished);
    }
  }

  /**
   * Hands a case back for its next fork: after every first fork at its batch size, before the next
   * batch size.
   */
  public void again(Case c) {
    again.addLast(c);
  }

  /** Hands a case back to be measured again after every first attempt. */
  public void retry(Case c) {
    retries.addLast(c);
  }

  /** Attempts made of {@code c} so far. */
  public int attempts(Case c) {
    return attempts.getOrDefault(c, 0);
  }

  /**
   * Predicted seconds until the plan ends at {@code elapsedSeconds}: the promised forks, then the
   * predictions of the cases still queued that fit with all their forks, taken in order, as {@link
   * #next} would, then the retries that fit.
   */
  public double etaSeconds(double elapsedSeconds) {
    double t = elapsedSeconds + Math.min(promised(), Math.max(0, budgetS - elapsedSeconds));
    for (Case c : queue) {
      if (predictMinimum(c) + (forks - 1) * predict(c) <= budgetS - t) {
        t += Math.min(forks * predict(c), budgetS - t);
      }
    }
    for (Case c : retries) {
      if (predictMinimum(c) <= budgetS - t) {
        t += Math.min(predict(c), budgetS - t);
      }
    }
    return t - elapsedSeconds;
  }

  /** Cases that were skipped for want of time, and those still queued. */
  public List<Case> notMeasured() {
    var out = new ArrayList<>(skipped);
    for (Case c : queue) {
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The effective speed used now, FLOP/s. */
  public double speed() {
    return speed;
  }

  /** The overhead per case used now, seconds. */
  public double overheadSeconds() {
    return overheadS;
  }
}
