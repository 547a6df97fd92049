import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import type { Calibration } from '../checks/index.js';

/** A threshold expression's trailing comparison: `p(90) < 250` → `<`, `250`. */
const COMPARISON = /(<=|>=|===|==|!=|<|>)(\s*)(-?\d+(?:\.\d+)?)\s*$/;

/**
 * The scenario text with the proposed limit of every flagged check written in, comments and
 * layout kept. Thresholds (`threshold:<key>:<expression>`) and metric checks (`metric:<i>:…`)
 * are rewritten; any other flagged check is listed in `skipped`, to be changed by hand. Pure.
 */
export function withProposedLimits(
  source: string,
  calibrations: readonly Calibration[],
): { text: string; changed: string[]; skipped: string[] } {
  const doc = parseDocument(source);
  const changed: string[] = [];
  const skipped: string[] = [];
  for (const c of calibrations) {
    if (c.flags.length === 0 || c.proposed === undefined) continue;
    const value = c.proposed.split(' ')[1]!;
    const node = c.id.startsWith('threshold:')
      ? thresholdNode(doc.getIn(['checks', 'thresholds']), c.id.slice('threshold:'.length))
      : c.id.startsWith('metric:')
        ? metricExpectNode(doc.getIn(['checks', 'metrics', Number(c.id.split(':')[1]), 'expect'], true))
        : undefined;
    if (!node || typeof node.value !== 'string' || !COMPARISON.test(node.value)) {
      skipped.push(c.name);
      continue;
    }
    node.value = node.value.replace(COMPARISON, (_all, op: string, space: string) => `${op}${space}${value}`);
    changed.push(`${c.name} → ${node.value}`);
  }
  // Flow sequences as people write them: ["a", "b"], not [ "a", "b" ].
  return { text: doc.toString({ flowCollectionPadding: false }), changed, skipped };
}

/** The scalar of `<key>: [..., "<expression>", ...]` under checks.thresholds. */
function thresholdNode(thresholds: unknown, rest: string): Scalar | undefined {
  // The id is `<key>:<expression>`; an expression holds no `:`, a key may (`{route:x}`).
  const split = rest.lastIndexOf(':');
  const [key, expression] = [rest.slice(0, split), rest.slice(split + 1)];
  if (!isMap(thresholds)) return undefined;
  for (const pair of thresholds.items) {
    if (!isScalar(pair.key) || String(pair.key.value).trim() !== key || !isSeq(pair.value)) continue;
    for (const item of pair.value.items) {
      const scalar = isMap(item) ? item.get('threshold', true) : item;
      if (isScalar(scalar) && String(scalar.value).trim() === expression) return scalar as Scalar;
    }
  }
  return undefined;
}

function metricExpectNode(node: unknown): Scalar | undefined {
  return isScalar(node) ? (node as Scalar) : undefined;
}
