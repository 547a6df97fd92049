/** One measured goal: what was asked, what was measured, and against what. */
export interface BenchRow {
  measure: string;
  goal: string;
  value: string;
  /** The comparison tool's value in the same run ("not installed" when it is missing). */
  comparison?: string;
  /** faultline ÷ comparison (or measured ÷ goal where no tool compares). */
  ratio?: string;
  /** Goal met; null when it could not be judged (a tool or daemon missing). */
  met: boolean | null;
  note?: string;
}

/** The output of one benchmark group: a table and, optionally, markdown that follows it. */
export interface BenchSection {
  /** Group name; the doc block between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` is replaced. */
  name: string;
  rows: BenchRow[];
  /** Extra generated markdown under the table (curves, profile summaries). */
  extra?: string;
}

const cell = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The markdown table of a section. */
export function renderSection(section: BenchSection): string {
  const lines = [
    '| measure | goal | measured | comparison | ratio | met | note |',
    '|---|---|---|---|---|---|---|',
    ...section.rows
      .map((r) =>
        [
          r.measure,
          r.goal,
          r.value,
          r.comparison ?? '–',
          r.ratio ?? '–',
          r.met === null ? 'n/a' : r.met ? 'yes' : '**no**',
          r.note ?? '',
        ]
          .map(cell)
          .join(' | '),
      )
      .map((l) => `| ${l} |`),
  ];
  return section.extra ? `${lines.join('\n')}\n\n${section.extra.trim()}` : lines.join('\n');
}

/**
 * Replaces the content between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` for each block;
 * a block missing from `doc` is appended under a heading of its name. Everything outside the
 * markers is kept as written.
 */
export function rewriteBlocks(doc: string, blocks: ReadonlyMap<string, string>): string {
  let out = doc;
  for (const [name, body] of blocks) {
    const open = `<!-- bench:${name} -->`;
    const close = `<!-- /bench:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    const content = `${open}\n${body.trim()}\n${close}`;
    if (start >= 0 && end > start) out = out.slice(0, start) + content + out.slice(end + close.length);
    else out = `${out.trimEnd()}\n\n## ${name}\n\n${content}\n`;
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}
