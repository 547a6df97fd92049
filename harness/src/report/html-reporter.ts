import type { LatencyHistogram, RunResults } from '../results/index.js';
import { chartLibraries } from './chart-libraries.js';
import { escapeHtml, jsonForScript } from './escaping.js';
import { CLIENT_SCRIPT } from './html-client-script.js';
import {
  bannerSection,
  breakersSection,
  checksSection,
  faultsSection,
  routesSection,
  runSection,
} from './html-sections.js';
import { impactSection } from './html-impact.js';
import { probesSection } from './html-probes.js';
import { REPORT_CSS } from './html-styles.js';
import { buildReportModel } from './report-model.js';
import { routeTotals } from './route-totals.js';
import { runTitle } from './format.js';

// Inline scripts and styles only: the page can load nothing from anywhere, even if opened online.
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/**
 * The self-contained report.html of one run: opens offline from disk, with Chart.js and its
 * annotation plugin inlined and the chart data embedded as JSON. The banner and the checks table
 * need no JavaScript; the charts draw on one shared x-axis in seconds since t = 0.
 */
export function renderHtml(results: RunResults): string {
  // One pass over the seconds' histograms feeds both the charts and the route totals.
  const merged = new Map<string, LatencyHistogram>();
  const model = buildReportModel(results, merged);
  const libraries = chartLibraries()
    .map((lib) => `<script data-library="${escapeHtml(lib.name)}">\n${lib.source}\n</script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="faultline ${escapeHtml(results.run.faultlineVersion)}">
<title>${escapeHtml(`${results.outcome.toUpperCase()} · ${runTitle(results)} · faultline`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${bannerSection(results)}
${checksSection(results.verdicts)}
<noscript><p class="note">The charts below need JavaScript; the tables do not.</p></noscript>
${faultsSection(results, model)}
${routesSection(routeTotals(results, merged), model)}
${breakersSection(model)}
${probesSection(results)}
${impactSection(results)}
${runSection(results)}
</main>
<script type="application/json" id="faultline-data">${jsonForScript(model)}</script>
${libraries}
<script>
${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
