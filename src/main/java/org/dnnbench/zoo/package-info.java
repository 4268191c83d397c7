/**
 * The built-in zoo: one class per architecture family, each a set of pure functions over {@link
 * org.dnnbench.graph.GraphBuilder}, and the {@link org.dnnbench.zoo.Catalog} that names them and
 * holds their reference figures. Depends on {@code graph} (and Jackson's CSV reader for the bundled
 * reference table).
 */
package org.dnnbench.zoo;
