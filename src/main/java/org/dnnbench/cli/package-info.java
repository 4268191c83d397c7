/**
 * The picocli command line: each command parses its options into a request record and calls a plain
 * Java service in {@code org.dnnbench.app} (or the layer it names).
 */
package org.dnnbench.cli;
