import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A path into the YAML document as written: keys and list indexes, e.g. `['faults', 0, 'edge']`. */
export type DocPath = readonly (string | number)[];

/** A 1-based line and column in a source file. */
export interface SourcePosition {
  line: number;
  col: number;
}

/** Whether a position names a mapping key (for unknown keys) or its value (for wrong values). */
export type PositionTarget = 'key' | 'value';

/**
 * The parsed YAML document of one file, kept with its line counter so that any path can be
 * turned into a position. A path that does not exist (a missing key) resolves to the closest
 * node that does: the mapping the key is missing from.
 */
export class SourcePositions {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  positionOf(path: DocPath, target: PositionTarget = 'value'): SourcePosition {
    let node: unknown = this.doc.contents;
    let offset = this.offsetOf(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p) === String(segment));
        if (!pair) break;
        node = pair.value;
        offset =
          (last && target === 'key' ? undefined : this.offsetOf(pair.value)) ??
          this.offsetOf(pair.key) ??
          offset;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        offset = this.offsetOf(node) ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, col };
  }

  private offsetOf(node: unknown): number | undefined {
    if (isScalar(node) && node.value === null && node.source === '') return undefined;
    return (node as Node | null | undefined)?.range?.[0];
  }
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Formats a path as users read it: `load.routes[0].name`, `checks.thresholds["a{b:c}"][0]`. */
export function formatPath(path: DocPath): string {
  return path
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(s)) return i === 0 ? s : `.${s}`;
      return `[${JSON.stringify(s)}]`;
    })
    .join('');
}
