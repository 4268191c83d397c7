package org.dnnbench.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * The store on a real PostgreSQL server, named by the JDBC URL in {@code DNNBENCH_PG_URL} (e.g.
 * {@code jdbc:postgresql://127.0.0.1:55432/dnnbench_test?user=postgres}; CI's {@code .ci/run}
 * starts a throwaway cluster and sets it). Without it every test here is reported as skipped. Each
 * test gets its own fresh schema.
 */
@Tag("postgres")
class PostgresStoreTest extends StoreContract {
  static String base;

  @BeforeEach
  void needsAServer() {
    base = System.getenv("DNNBENCH_PG_URL");
    assumeTrue(
        base != null && !base.isBlank(),
        "DNNBENCH_PG_URL is not set: no PostgreSQL server to test against");
  }

  @Override
  String freshUrl() throws Exception {
    return freshUrlFor(base);
  }

  /** A URL of {@code server} with a new, empty schema of its own. */
  String freshUrlFor(String server) throws Exception {
    String base = server;
    String schema =
        "t_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    try (var conn = DriverManager.getConnection(base)) {
      conn.createStatement().execute("CREATE SCHEMA " + schema);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
