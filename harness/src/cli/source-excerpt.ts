/**
 * The source line an issue points at, with a caret under its column, as compilers print it:
 *
 * ```
 *    12 |     - { type: latncy, edge: orders->payments }
 *       |               ^
 * ```
 *
 * Empty when the line does not exist. Tabs are kept in the caret's padding so it lines up;
 * other control characters are shown as U+FFFD.
 */
export function sourceExcerpt(text: string, line: number, col: number): string {
  const source = text.split(/\r?\n/)[line - 1];
  if (source === undefined) return '';
  // Control characters (escape sequences) in a hostile file must not reach the terminal; one
  // character for one keeps the caret in place.
  // eslint-disable-next-line no-control-regex
  const visible = source.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
  const shown = visible.length > 160 ? `${visible.slice(0, 160)}…` : visible;
  const gutter = String(line).padStart(5);
  const pad = [...source.slice(0, Math.max(0, Math.min(col - 1, 160)))]
    .map((c) => (c === '\t' ? '\t' : ' '))
    .join('');
  return `${gutter} | ${shown}\n${' '.repeat(gutter.length)} | ${pad}^`;
}
