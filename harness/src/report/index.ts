export { renderHtml } from './html-reporter.js';
export { renderJunit } from './junit-reporter.js';
export { renderSummaryMarkdown } from './markdown-reporter.js';
export { renderTerminalSummary, colorWanted, type TerminalOptions } from './terminal-reporter.js';
export { writeReports, type WrittenReports } from './write-reports.js';
