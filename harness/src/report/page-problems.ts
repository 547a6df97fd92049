import type { Page } from 'playwright-core';

/**
 * For browser tests of report.html: collects a page's console errors, page errors and dialogs
 * (an `alert` from injected markup, which it dismisses). The list fills as the page runs.
 */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}
