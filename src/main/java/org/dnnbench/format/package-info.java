/**
 * Results as values ({@link org.dnnbench.format.Table}) and the writers that render them ({@link
 * org.dnnbench.format.OutputFormat}: aligned text, CSV, JSON, Markdown), always in {@code
 * Locale.ROOT}.
 */
package org.dnnbench.format;
