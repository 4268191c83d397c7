/**
 * Reports drawn from stored results only ({@link org.dnnbench.report.ReportService}): the study's
 * figures as PNG and SVG ({@link org.dnnbench.report.FigureRenderer}, JFreeChart, headless), tables
 * of every metric ({@link org.dnnbench.report.ReportTables}), the study's six findings re-tested on
 * the user's measurements ({@link org.dnnbench.report.Findings}), Pareto fronts of accuracy vs
 * speed ({@link org.dnnbench.report.Pareto}), constraint queries ({@link
 * org.dnnbench.report.Recommender}) and one self-contained HTML page ({@link
 * org.dnnbench.report.HtmlReport}).
 */
package org.dnnbench.report;
