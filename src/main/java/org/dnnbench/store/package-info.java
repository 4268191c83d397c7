/**
 * The results store: every analysis, benchmark case and accuracy evaluation, each with the
 * environment it was measured in, in a real database reached through plain JDBC: an embedded SQLite
 * file by default ({@link org.dnnbench.store.StoreLocation}), or any JDBC URL (PostgreSQL) so that
 * many machines share one store. The schema is versioned and migrated on open ({@link
 * org.dnnbench.store.Schema}); {@link org.dnnbench.store.ResultsExchange} exports and imports the
 * whole store as CSV or JSON. The catalog's published accuracies are kept as reference rows, always
 * labelled {@link org.dnnbench.store.AccuracyKind#PUBLISHED}.
 */
package org.dnnbench.store;
