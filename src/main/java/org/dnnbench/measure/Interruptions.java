package org.dnnbench.measure;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happens to the cases in flight when dnnbench itself is stopped (Ctrl-C, SIGTERM, SIGHUP): a
 * shutdown hook kills every child JVM at once, lets the sweep record each case in flight as {@link
 * CaseStatus#INTERRUPTED} (for at most {@link #RECORD_GRACE}), and no new case starts. A {@code
 * kill -9} of dnnbench runs no hook: then each child's {@link ParentWatchdog} ends it.
 */
final class Interruptions {
  /** How long the shutdown hook waits for the cases in flight to be recorded. */
  static final Duration RECORD_GRACE = Duration.ofSeconds(5);

  private static final AtomicBoolean STOPPING = new AtomicBoolean();
  private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private Interruptions() {}

  /** Whether dnnbench is being stopped. */
  static boolean stopping() {
    return STOPPING.get();
  }

  /** A child was started; it is killed if dnnbench stops. */
  static void started(Process p) {
    install();
    CHILDREN.add(p);
    if (STOPPING.get()) {
      kill(p);
    }
  }

  /** A child has ended. */
  static void ended(Process p) {
    CHILDREN.remove(p);
  }

  /** A case begins; the shutdown hook waits until it is recorded ({@link #caseDone}). */
  static void caseBegins() {
    install();
    IN_FLIGHT.incrementAndGet();
  }

  /** The case is recorded (or failed to be). */
  static void caseDone() {
    synchronized (IN_FLIGHT) {
      IN_FLIGHT.decrementAndGet();
      IN_FLIGHT.notifyAll();
    }
  }

  private static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(Interruptions::onShutdown, "dnnbench-stop-children"));
    }
  }

  private static void onShutdown() {
    STOPPING.set(true);
    CHILDREN.forEach(Interruptions::kill);
    long deadline = System.nanoTime() + RECORD_GRACE.toNanos();
    synchronized (IN_FLIGHT) {
      while (IN_FLIGHT.get() > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        try {
          IN_FLIGHT.wait(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
