package org.dnnbench.cli;

import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.ResultStore;
import org.dnnbench.store.StoreLocation;
import picocli.CommandLine.Option;

/** The shared {@code --store} option. */
final class StoreOption {
  @Option(
      names = "--store",
      paramLabel = "PATH|JDBC_URL",
      description = {
        "The results store: a SQLite file, or a JDBC URL such as"
            + " jdbc:postgresql://host/db?user=u&password=p to share one store between machines.",
        "Default: $DNNBENCH_STORE if set, else $XDG_DATA_HOME/dnnbench/results.db"
            + " (~/.local/share/dnnbench/results.db)."
      })
  String store;

  /** The JDBC URL this option resolves to. */
  String url() {
    return StoreLocation.resolve(store);
  }

  /** Opens (creating and migrating) the store. */
  ResultStore open() {
    return JdbcResultStore.open(url());
  }
}
