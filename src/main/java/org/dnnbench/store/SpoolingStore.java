package org.dnnbench.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;

/**
 * A store that never loses a measured case: a case that cannot be written (the database is down or
 * restarting, the disk is full) is appended to a local spool file, one JSON line per case, and the
 * sweep goes on. The spool is written to the store, oldest first, at the next case after a backoff
 * (1 s, doubling up to 60 s), when the store is closed, and when it is next opened (so {@code run}
 * resumes from it: spooled cases count as measured). Every change of the pending count is reported
 * in one line to {@code log}.
 *
 * <p>The spool of a store lives in {@code $DNNBENCH_SPOOL_DIR} (or the system property {@value
 * #PROPERTY}), else {@code $XDG_DATA_HOME/dnnbench/spool}, named by a hash of the store's URL; a
 * file lock keeps processes sharing a store from writing it at once.
 */
public final class SpoolingStore implements ResultStore {
  /** System property naming the spool directory. */
  public static final String PROPERTY = "dnnbench.spool.dir";

  static final long FIRST_BACKOFF_MS = 1000;
  static final long MAX_BACKOFF_MS = 60_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResultStore delegate;
  private final Path spool;
  private final Consumer<String> log;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long nextRetry = 0;
  private String lastError = "";

  private SpoolingStore(ResultStore delegate, Path spool, Consumer<String> log) {
    this.delegate = delegate;
    this.spool = spool;
    this.log = log;
  }

  /**
   * {@code store} with a spool for the store at {@code url}; writes what an earlier run left in the
   * spool first.
   */
  public static SpoolingStore around(ResultStore store, String url, Consumer<String> log) {
    var s = new SpoolingStore(store, spoolFile(url), log);
    s.flush(true);
    return s;
  }

  /** The spool file of the store at {@code url}. */
  public static Path spoolFile(String url) {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("DNNBENCH_SPOOL_DIR");
    }
    Path base;
    if (dir != null && !dir.isBlank()) {
      base = Path.of(dir);
    } else {
      String xdg = System.getenv("XDG_DATA_HOME");
      base =
          (xdg != null && !xdg.isBlank()
                  ? Path.of(xdg)
                  : Path.of(System.getProperty("user.home"), ".local", "share"))
              .resolve("dnnbench")
              .resolve("spool");
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return base.resolve("cases-" + HexFormat.of().formatHex(h, 0, 8) + ".jsonl");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Cases waiting in the spool. */
  public synchronized int pending() {
    return readSpool().size();
  }

  /** The spool file. */
  public Path spoolPath() {
    return spool;
  }

  @Override
  public synchronized void putCase(CaseResult r) {
    if (Files.exists(spool)) {
      flush(false);
    }
    if (Files.exists(spool)) {
      append(r); // keep the order: older cases first
      report(lastError, r);
      return;
    }
    try {
      delegate.putCase(r);
    } catch (StoreException e) {
      append(r);
      nextRetry = System.nanoTime() + backoffMs * 1_000_000;
      lastError = oneLine(e.getMessage());
      report(lastError, r);
    }
  }

  private void report(String why, CaseResult r) {
    log.accept(
        "store unavailable ("
            + why
            + "): case "
            + r.key().model()
            + " at batch "
            + r.key().batch()
            + " kept in the spool "
            + spool
            + "; "
            + pending()
            + " pending, retrying in "
            + Math.max(0, (nextRetry - System.nanoTime() + 999_999_999L) / 1_000_000_000L)
            + " s while the sweep goes on");
  }

  /** Writes the spooled cases to the store; {@code force} ignores the backoff. */
  private void flush(boolean force) {
    if (!Files.exists(spool) || (!force && System.nanoTime() < nextRetry)) {
      return;
    }
    List<Map<String, Object>> rows = readSpool();
    int written = 0;
    try {
      for (Map<String, Object> row : rows) {
        delegate.putCase(Codec.bench(Codec.of(row)));
        written++;
      }
    } catch (StoreException e) {
      lastError = oneLine(e.getMessage());
      rewrite(rows.subList(written, rows.size()));
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      nextRetry = System.nanoTime() + backoffMs * 1_000_000;
      if (written > 0) {
        log.accept(
            "store back for a moment: "
                + written
                + " spooled cases written, "
                + (rows.size() - written)
                + " still pending in "
                + spool);
      }
      return;
    }
    rewrite(List.of());
    backoffMs = FIRST_BACKOFF_MS;
    nextRetry = 0;
    if (written > 0) {
      log.accept("store available again: " + written + " spooled cases written to " + location());
    }
  }

  @SuppressWarnings("try") // the lock is held by the open channel
  private List<Map<String, Object>> readSpool() {
    if (!Files.exists(spool)) {
      return List.of();
    }
    try (var lock = lock()) {
      var out = new ArrayList<Map<String, Object>>();
      for (String line : Files.readAllLines(spool, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
        } catch (IOException e) {
          // a line cut by a crash mid-append: the only case it can lose is the one being written
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spool " + spool, e);
    }
  }

  @SuppressWarnings("try") // the lock is held by the open channel
  private void append(CaseResult r) {
    try {
      Files.createDirectories(spool.getParent());
      String line = JSON.writeValueAsString(Codec.bench(r, Instant.now().toString())) + "\n";
      try (var lock = lock()) {
        Files.writeString(
            spool,
            line,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.SYNC);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep case "
              + r.key().model()
              + " at batch "
              + r.key().batch()
              + " in the spool "
              + spool
              + " either (the store is unavailable too)",
          e);
    }
  }

  @SuppressWarnings("try") // the lock is held by the open channel
  private void rewrite(List<Map<String, Object>> rows) {
    try (var lock = lock()) {
      if (rows.isEmpty()) {
        Files.deleteIfExists(spool);
        return;
      }
      var sb = new StringBuilder();
      for (var row : rows) {
        sb.append(JSON.writeValueAsString(row)).append('\n');
      }
      Path tmp = spool.resolveSibling(spool.getFileName() + ".tmp");
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      Files.move(tmp, spool, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the spool " + spool, e);
    }
  }

  private FileChannel lock() throws IOException {
    Files.createDirectories(spool.getParent());
    Path lockFile = spool.resolveSibling(spool.getFileName() + ".lock");
    FileChannel ch =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    ch.lock();
    return ch; // closing the channel releases the lock
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  @Override
  public synchronized void close() {
    try {
      flush(true);
      int left = pending();
      if (left > 0) {
        log.accept(
            left
                + " measured cases are pending in the spool "
                + spool
                + "; they are written to "
                + location()
                + " the next time dnnbench opens it");
      }
    } finally {
      delegate.close();
    }
  }

  // everything else goes to the store as it is

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public int schemaVersion() {
    return delegate.schemaVersion();
  }

  @Override
  public void putAnalysis(AnalysisRecord a) {
    delegate.putAnalysis(a);
  }

  @Override
  public void putAccuracy(AccuracyResult a, Environment env) {
    delegate.putAccuracy(a, env);
  }

  @Override
  public void putAccuracy(AccuracyRecord r) {
    delegate.putAccuracy(r);
  }

  @Override
  public void putAll(ImportBatch batch) {
    delegate.putAll(batch);
  }

  @Override
  public List<AnalysisRecord> analyses() {
    return delegate.analyses();
  }

  @Override
  public List<CaseResult> cases() {
    return delegate.cases();
  }

  @Override
  public List<CaseResult> attempts(org.dnnbench.results.Environment environment) {
    return delegate.attempts(environment);
  }

  @Override
  public List<AccuracyRecord> accuracies() {
    return delegate.accuracies();
  }

  @Override
  public List<MachineRecord> machines() {
    return delegate.machines();
  }

  @Override
  public Set<CaseKey> storedCases(Environment environment) {
    return delegate.storedCases(environment);
  }
}
