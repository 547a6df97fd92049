/**
 * The source line an issue points at, with a caret under its column, as compilers print it:
 *
 * ```
 *    12 |     - { type: latncy, edge: orders->payments }
 *       |               ^
 * ```
 *
 * Empty when the line does not exist. Tabs are kept in the caret's padding so it lines up.
 */
export function sourceExcerpt(text: string, line: number, col: number): string {
  const source = text.split(/\r?\n/)[line - 1];
  if (source === undefined) return '';
  const shown = source.length > 160 ? `${source.slice(0, 160)}…` : source;
  const gutter = String(line).padStart(5);
  const pad = [...source.slice(0, Math.max(0, Math.min(col - 1, 160)))]
    .map((c) => (c === '\t' ? '\t' : ' '))
    .join('');
  return `${gutter} | ${shown}\n${' '.repeat(gutter.length)} | ${pad}^`;
}
