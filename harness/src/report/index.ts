export { renderHtml } from './html-reporter.js';
export { renderJunit } from './junit-reporter.js';
export { renderSummaryMarkdown, SUMMARY_MAX_BYTES } from './markdown-reporter.js';
export { renderTerminalSummary, colorWanted, type TerminalOptions } from './terminal-reporter.js';
export { writeReports, type WrittenReports } from './write-reports.js';
export { renderRunIndex } from './index-reporter.js';
export { runIndexEntry, type RunIndexEntry } from './run-index-entry.js';
export { escapeHtml, jsonForScript } from './escaping.js';
export { writeRunIndex, hasRunIndex } from './write-run-index.js';
