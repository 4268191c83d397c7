package org.dnnbench.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dnnbench.measure.ChildLauncher.Outcome;
import org.dnnbench.results.CaseStatus;

/**
 * How a child ended, as a {@link CaseStatus} with its reason (see {@link ChildLauncher} for the
 * rules): from its exit code, whether dnnbench killed it, its standard output and error, and what
 * else is known ({@link Evidence}: the cgroup's out-of-memory kills, the JVM's fatal error log).
 */
final class ChildExit {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private ChildExit() {}

  /**
   * What else is known about how a child ended.
   *
   * @param stopping dnnbench is being stopped (it killed the child)
   * @param oomKillsBefore the cgroup's out-of-memory kill count before the child started (-1:
   *     unknown)
   * @param oomKillsAfter the same after it ended
   * @param hsErr the first meaningful line of the JVM's fatal error log (hs_err), empty if none
   * @param nativeMb the address-space limit the child ran under, 0 for none
   */
  record Evidence(
      boolean stopping, long oomKillsBefore, long oomKillsAfter, String hsErr, int nativeMb) {
    static final Evidence NONE = new Evidence(false, -1, -1, "", 0);

    boolean kernelOomKill() {
      return oomKillsBefore >= 0 && oomKillsAfter > oomKillsBefore;
    }
  }

  /** How a child ended, from its exit code, whether we killed it, and its outputs. */
  static Outcome classify(
      int exitCode, boolean timedOut, double timeoutSeconds, String stdout, String stderr) {
    return classify(exitCode, timedOut, timeoutSeconds, stdout, stderr, Evidence.NONE);
  }

  /** How a child ended, from its exit code, whether we killed it, its outputs and the evidence. */
  static Outcome classify(
      int exitCode,
      boolean timedOut,
      double timeoutSeconds,
      String stdout,
      String stderr,
      Evidence ev) {
    if (timedOut) {
      return new Outcome(
          CaseStatus.TIMEOUT,
          String.format(Locale.ROOT, "killed after %.0f s (raise --case-timeout)", timeoutSeconds),
          null);
    }
    ChildReport report = null;
    for (String line : stdout.split("\n")) {
      if (line.startsWith(ChildReport.MARKER)) {
        try {
          report = JSON.readValue(line.substring(ChildReport.MARKER.length()), ChildReport.class);
        } catch (JsonProcessingException e) {
          return new Outcome(
              CaseStatus.ERROR,
              "unreadable result from the child: " + e.getOriginalMessage(),
              null);
        }
      }
    }
    if (report != null) {
      CaseStatus s = statusOf(report.status());
      return new Outcome(s, report.detail(), report);
    }
    if (ev.stopping()) {
      return new Outcome(CaseStatus.INTERRUPTED, ChildLauncher.INTERRUPTED_DETAIL, null);
    }
    // the JVM writes some start-up failures ("Could not reserve enough space ...") to stdout;
    // its crash summary ("# SIGSEGV ...") too, whose lines are all '#'-prefixed
    String last = lastLine(stderr);
    if (last.isEmpty()) {
      last = lastLine(stdout);
    }
    String all = stderr + "\n" + stdout;
    String lower = all.toLowerCase(Locale.ROOT);
    if (lower.contains("error occurred during initialization of vm")
        || lower.contains("could not reserve enough space")) {
      String why = firstLineAfter(all, "Error occurred during initialization of VM");
      return new Outcome(
          CaseStatus.ERROR,
          "the child JVM could not start"
              + (ev.nativeMb() > 0
                  ? " under --child-memory-mb " + ev.nativeMb() + " (raise it)"
                  : "")
              + (why.isEmpty() ? "" : ": " + why),
          null);
    }
    if (lower.contains("outofmemoryerror")
        || lower.contains("bad_alloc")
        || lower.contains("failed to allocate")
        || lower.contains("cannot allocate memory")
        || lower.contains("insufficient memory")) {
      String line = ev.hsErr().isEmpty() ? last : ev.hsErr();
      return new Outcome(CaseStatus.OOM, "out of memory: " + line, null);
    }
    if (exitCode == ParentWatchdog.EXIT_CODE) {
      return new Outcome(CaseStatus.INTERRUPTED, "the child lost its parent process", null);
    }
    if (exitCode > 128 && exitCode < 160) {
      int sig = exitCode - 128;
      String name = "signal " + sig + " (" + signalName(sig) + ")";
      if (sig == 9 && ev.kernelOomKill()) {
        return new Outcome(
            CaseStatus.OOM,
            "killed by the kernel's out-of-memory killer (SIGKILL; the cgroup's oom_kill count went"
                + " from "
                + ev.oomKillsBefore()
                + " to "
                + ev.oomKillsAfter()
                + ")",
            null);
      }
      if (EXTERNAL_SIGNALS.contains(sig) && ev.hsErr().isEmpty()) {
        return new Outcome(
            CaseStatus.KILLED,
            "killed by "
                + name
                + " from outside dnnbench"
                + (sig == 9
                    ? "; no out-of-memory record ("
                        + (ev.oomKillsBefore() >= 0
                            ? "the cgroup's oom_kill count stayed " + ev.oomKillsAfter()
                            : "no cgroup memory.events to read")
                        + ")"
                    : ""),
            null);
      }
      String why = !ev.hsErr().isEmpty() ? ev.hsErr() : last;
      return new Outcome(
          CaseStatus.CRASHED, "killed by " + name + (why.isEmpty() ? "" : ": " + why), null);
    }
    if (exitCode != 0) {
      return new Outcome(
          CaseStatus.ERROR,
          "child exited with code " + exitCode + (last.isEmpty() ? "" : ": " + last),
          null);
    }
    return new Outcome(
        CaseStatus.ERROR,
        "child ended without a result" + (last.isEmpty() ? "" : ": " + last),
        null);
  }

  /** Signals that come from outside the child (a user, a supervisor), not from a crash. */
  private static final Set<Integer> EXTERNAL_SIGNALS = Set.of(1, 2, 9, 15);

  /** The JVM's fatal error log of child {@code pid}. */
  static Path hsErrFile(long pid) {
    return Path.of(System.getProperty("java.io.tmpdir"), "dnnbench_hs_err_pid" + pid + ".log");
  }

  /**
   * The first meaningful line of child {@code pid}'s fatal error log (e.g. {@code SIGSEGV (0xb) at
   * pc=...} or {@code Native memory allocation (mmap) failed to map ...}), and the file removed;
   * empty if there is none.
   */
  static String takeHsErr(long pid) {
    Path f = hsErrFile(pid);
    if (!Files.isRegularFile(f)) {
      return "";
    }
    try {
      return hsErrLine(Files.readAllLines(f, StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return "";
    } finally {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // best effort: the detail is what the case keeps
      }
    }
  }

  /** The first meaningful line of an hs_err file's header. */
  static String hsErrLine(List<String> lines) {
    var picked = new ArrayList<String>();
    for (String raw : lines) {
      if (!raw.startsWith("#")) {
        if (!picked.isEmpty()) {
          break;
        }
        continue;
      }
      String l = raw.substring(1).strip();
      if (l.isEmpty()
          || l.startsWith("A fatal error has been detected")
          || l.startsWith("There is insufficient memory for the Java Runtime")) {
        if (l.startsWith("There is insufficient memory")) {
          picked.add("insufficient memory for the JVM");
        }
        continue;
      }
      picked.add(l);
      break;
    }
    String s = String.join(": ", picked);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static String firstLineAfter(String text, String marker) {
    int i = text.indexOf(marker);
    if (i < 0) {
      return lastLine(text);
    }
    for (String l : text.substring(i + marker.length()).split("\n")) {
      if (!l.isBlank()) {
        return l.strip();
      }
    }
    return "";
  }

  private static CaseStatus statusOf(String id) {
    for (CaseStatus s : CaseStatus.values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    return CaseStatus.ERROR;
  }

  static String signalName(int sig) {
    return switch (sig) {
      case 4 -> "SIGILL";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 15 -> "SIGTERM";
      default -> "signal " + sig;
    };
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String l = lines[i].strip();
      if (l.startsWith("#")) {
        l = l.substring(1).strip();
      }
      if (!l.isEmpty()
          && !l.startsWith("at ")
          && !l.startsWith("...")
          && !l.startsWith("An error report file")
          && !l.startsWith("If you would like to submit a bug report")
          && !l.startsWith("https://")
          && !l.startsWith("http://")
          && !l.contains("hs_err_pid")) {
        return l.length() > 300 ? l.substring(0, 300) + "..." : l;
      }
    }
    return "";
  }
}
