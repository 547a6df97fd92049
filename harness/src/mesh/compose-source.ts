import { isMap, isScalar, type Document, type LineCounter } from 'yaml';
import type { SourceIssue } from '../errors/index.js';

export type Path = readonly (string | number)[];

/**
 * Positions in a compose file: the node at a path, or its nearest ancestor that the file shows
 * (a value merged in with `<<` has no node of its own).
 */
export class ComposeSource {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** An issue at the value of `path`. */
  at(path: Path, message: string): SourceIssue {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = (p.length === 0 ? this.doc.contents : this.doc.getIn(p, true)) as
        { range?: [number, number, number] } | undefined;
      if (node?.range) return this.issue(node.range[0], path, message);
      if (p.length === 0) return this.issue(0, path, message);
    }
  }

  /** An issue at the key `key` of the mapping at `path` (for keys faultline does not run). */
  atKey(path: Path, key: string, message: string): SourceIssue {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((i) => isScalar(i.key) && i.key.value === key);
      const range = (pair?.key as { range?: [number] } | undefined)?.range;
      if (range) return this.issue(range[0], [...path, key], message);
    }
    return this.at([...path, key], message);
  }

  issue(offset: number, path: Path, message: string): SourceIssue {
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, col: pos.col, path: path.join('.'), message };
  }
}
