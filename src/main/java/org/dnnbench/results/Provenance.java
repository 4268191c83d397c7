package org.dnnbench.results;

/**
 * Which dnnbench produced a result, and from which seed.
 *
 * @param gitRevision dnnbench's git revision, or {@code unknown}
 * @param dnnbenchVersion dnnbench's version
 * @param seed seed of the random weights and inputs
 */
public record Provenance(String gitRevision, String dnnbenchVersion, long seed) {}
