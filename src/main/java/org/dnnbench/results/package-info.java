/**
 * What a measurement produced, as plain values shared by the harness ({@code measure}), the store
 * and the report, none of which needs the others to read them: a {@link
 * org.dnnbench.results.CaseResult} nests its {@link org.dnnbench.results.CaseKey} (which case),
 * {@link org.dnnbench.results.CaseStatus}, {@link org.dnnbench.results.Timing}, {@link
 * org.dnnbench.results.Memory} and {@link org.dnnbench.results.Environment} (where: {@link
 * org.dnnbench.results.Machine}, {@link org.dnnbench.results.EngineInfo}, {@link
 * org.dnnbench.results.Provenance}). Each record has one codec pair in {@code store.Codec}. JDK
 * only.
 */
package org.dnnbench.results;
