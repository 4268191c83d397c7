package org.dnnbench.measure;

import java.util.Optional;

/**
 * Ends a child JVM when the dnnbench process that started it is gone, so that no case keeps running
 * (and holding cores and memory) after its parent was killed: {@code kill -9} of the parent runs
 * none of its shutdown hooks, and the kernel then hands the child to init instead of ending it.
 *
 * <p>The launcher passes its process id as the system property {@value #PROPERTY}; a daemon thread
 * polls that process every {@value #POLL_MS} ms ({@link ProcessHandle#isAlive}, which also compares
 * the start time, so a reused pid does not count) and halts the JVM with {@link #EXIT_CODE} when it
 * has ended, or when the child has been handed to another parent (init or a subreaper).
 */
public final class ParentWatchdog {
  /** System property naming the parent's process id. */
  public static final String PROPERTY = "dnnbench.parent.pid";

  /** How often the parent is checked. */
  static final long POLL_MS = 100;

  /** Exit code of a child whose parent is gone. */
  public static final int EXIT_CODE = 86;

  private ParentWatchdog() {}

  /** Starts watching the parent named by {@value #PROPERTY}; does nothing without it. */
  public static void start() {
    String pid = System.getProperty(PROPERTY);
    if (pid == null || pid.isBlank()) {
      return;
    }
    Optional<ProcessHandle> parent;
    try {
      parent = ProcessHandle.of(Long.parseLong(pid.strip()));
    } catch (NumberFormatException e) {
      return;
    }
    if (parent.isEmpty() || !parent.get().isAlive()) {
      Runtime.getRuntime().halt(EXIT_CODE);
    }
    ProcessHandle p = parent.get();
    long firstParent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    Thread t =
        new Thread(
            () -> {
              while (true) {
                boolean adopted =
                    ProcessHandle.current().parent().map(h -> h.pid() != firstParent).orElse(true);
                if (!p.isAlive() || adopted) {
                  Runtime.getRuntime().halt(EXIT_CODE);
                }
                try {
                  Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "dnnbench-parent-watchdog");
    t.setDaemon(true);
    t.start();
  }
}
