/**
 * Plain Java services behind the CLI: each takes a request record and returns values (analyses,
 * tables). Everything the CLI can do is callable from here.
 */
package org.dnnbench.app;
