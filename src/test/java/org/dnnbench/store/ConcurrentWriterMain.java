package org.dnnbench.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;

/**
 * A writer process for {@link SqliteStoreTest#twoProcessesWritingAtOnceLoseNoRows}: waits for a go
 * file, then writes {@code n} cases under its own machine label, one transaction each. Arguments:
 * URL LABEL N GO_FILE.
 */
public final class ConcurrentWriterMain {
  private ConcurrentWriterMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String label = args[1];
    int n = Integer.parseInt(args[2]);
    Path go = Path.of(args[3]);
    var env = StoreFixtures.environment(label, "Test CPU", 2);
    var template = StoreFixtures.cases(env, 1).get(0);
    try (var s = JdbcResultStore.open(url)) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!Files.exists(go) && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      for (int i = 1; i <= n; i++) {
        s.putCase(
            new CaseResult(
                new CaseKey(template.model(), i),
                template.status(),
                template.detail(),
                template.timing(),
                true,
                template.memory(),
                env));
      }
    }
  }
}
