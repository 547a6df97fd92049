import { open } from 'node:fs/promises';
import { LineCounter, isCollection, isPair, parseDocument, type Document, type YAMLError } from 'yaml';
import type * as z from 'zod';
import { InvalidInputError, type SourceIssue } from '../errors/index.js';
import { fallbackMessage } from '../schema/index.js';
import { crossCheck, type PathIssue } from './cross-checks.js';
import { scenarioSchema } from './scenario-schema.js';
import {
  SourcePositions,
  formatPath,
  type DocPath,
  type SourcePosition,
  type PositionTarget,
} from './source-positions.js';
import type { Scenario } from './types.js';

/** Guards against hostile or runaway input (YAML bombs, absurd nesting). */
export const SCENARIO_LIMITS = {
  /** Largest scenario file accepted, in bytes. */
  maxBytes: 1024 * 1024,
  /** Alias expansions allowed while building the value (yaml's `maxAliasCount`). */
  maxAliasCount: 100,
  /** Deepest nesting of mappings and lists. */
  maxDepth: 32,
} as const;

const positions = new WeakMap<Scenario, SourcePositions>();

/**
 * Parses and validates a scenario: YAML, then the schema, then the checks across fields.
 * Throws {@link InvalidInputError} listing every issue found, each at the offending node (the
 * key for unknown keys, the value for wrong values). The checks across fields run only once the
 * file has the right shape. The returned object can be passed to {@link positionOf}.
 */
export function parseScenario(text: string, file: string): Scenario {
  const at = (pos: SourcePosition, path: string, message: string): SourceIssue => ({
    file,
    ...pos,
    path,
    message,
  });
  if (Buffer.byteLength(text, 'utf8') > SCENARIO_LIMITS.maxBytes) throw tooLarge(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlIssue = (e: YAMLError): SourceIssue =>
    at(lineCounter.linePos(e.pos[0]), '', `invalid YAML: ${yamlMessage(e)}`);
  if (doc.errors.length > 0) throw new InvalidInputError(doc.errors.map(yamlIssue));
  const issues = doc.warnings.map(yamlIssue);
  if (depthOf(doc) > SCENARIO_LIMITS.maxDepth) {
    issues.push(
      at({ line: 1, col: 1 }, '', `mappings and lists nest deeper than ${SCENARIO_LIMITS.maxDepth} levels`),
    );
    throw new InvalidInputError(issues);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: SCENARIO_LIMITS.maxAliasCount });
  } catch (e) {
    issues.push(
      at(
        { line: 1, col: 1 },
        '',
        `aliases expand too much (over ${SCENARIO_LIMITS.maxAliasCount}): ${(e as Error).message}`,
      ),
    );
    throw new InvalidInputError(issues);
  }
  const source = new SourcePositions(doc, lineCounter);
  const place = (i: PathIssue): SourceIssue =>
    at(source.positionOf(i.path, i.target), formatPath(i.path), i.message);
  const result = scenarioSchema.safeParse(data, { error: fallbackMessage });
  if (!result.success) {
    issues.push(...result.error.issues.flatMap(fromZod).map(place));
    throw new InvalidInputError(sortIssues(issues));
  }
  issues.push(...crossCheck(result.data).map(place));
  if (issues.length > 0) throw new InvalidInputError(sortIssues(issues));
  const scenario: Scenario = { ...result.data, file, source: text };
  positions.set(scenario, source);
  return scenario;
}

/**
 * Reads and parses a scenario file. An unreadable, oversized or non-UTF-8 file is an
 * {@link InvalidInputError} naming it.
 */
export async function loadScenario(file: string): Promise<Scenario> {
  let bytes: Buffer;
  try {
    bytes = await readAtMost(file, SCENARIO_LIMITS.maxBytes + 1);
  } catch (e) {
    throw new InvalidInputError([
      { file, line: 1, col: 1, path: '', message: `cannot read the scenario: ${readError(e)}` },
    ]);
  }
  if (bytes.length > SCENARIO_LIMITS.maxBytes) throw tooLarge(file);
  return parseScenario(decodeUtf8(bytes, file), file);
}

/** At most `max` bytes of the file: a device such as /dev/zero or a huge file is never read whole. */
async function readAtMost(file: string, max: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < max) {
      const size = Math.min(64 * 1024, max - total);
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(size), 0, size, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string): InvalidInputError {
  const message = `the file is larger than ${SCENARIO_LIMITS.maxBytes / 1024 / 1024} MiB; a scenario is a few lines`;
  return new InvalidInputError([{ file, line: 1, col: 1, path: '', message }]);
}

/** yaml reports nesting that overflows its recursive parser as a stack overflow; say what it means. */
function yamlMessage(e: YAMLError): string {
  return /call stack/i.test(e.message)
    ? `mappings and lists nest deeper than ${SCENARIO_LIMITS.maxDepth} levels`
    : e.message;
}

/**
 * The position in the scenario's file of a path in the document as written (YAML keys, not
 * the parsed field names: `['faults', 0, 'edge']`, `['load', 'routes', 1, 'name']`). For a
 * scenario that did not come from {@link parseScenario}, 1:1.
 */
export function positionOf(
  scenario: Scenario,
  path: DocPath,
  target: PositionTarget = 'value',
): SourcePosition {
  return positions.get(scenario)?.positionOf(path, target) ?? { line: 1, col: 1 };
}

/** A {@link SourceIssue} about a scenario, placed at a path of its document (see {@link positionOf}). */
export function issueAt(
  scenario: Scenario,
  path: DocPath,
  message: string,
  target: PositionTarget = 'value',
): SourceIssue {
  return { file: scenario.file, ...positionOf(scenario, path, target), path: formatPath(path), message };
}

function fromZod(iss: z.core.$ZodIssue): PathIssue[] {
  const path = iss.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (iss.code === 'unrecognized_keys') {
    const lines = iss.message.split('\n');
    return iss.keys.map((k, i) => ({ path: [...path, k], target: 'key', message: lines[i] ?? iss.message }));
  }
  const atKey = iss.code === 'invalid_key' || (iss.code === 'custom' && iss.params?.['at'] === 'key');
  const target = atKey ? 'key' : 'value';
  return [{ path, message: iss.message, target }];
}

function sortIssues(issues: SourceIssue[]): SourceIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.col - b.col);
}

function depthOf(doc: Document): number {
  let max = 0;
  const walk = (node: unknown, depth: number): void => {
    if (depth > max) max = depth;
    if (depth > SCENARIO_LIMITS.maxDepth || !isCollection(node)) return;
    for (const item of node.items) {
      if (isPair(item)) {
        walk(item.key, depth + 1);
        walk(item.value, depth + 1);
      } else walk(item, depth + 1);
    }
  };
  walk(doc.contents, 0);
  return max;
}

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (e as Error).message;
}

/** Decodes UTF-8 (dropping a byte-order mark); anything else is an error that says where. */
function decodeUtf8(bytes: Buffer, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InvalidInputError([
      { file, line: 1, col: 1, path: '', message: 'the file is UTF-16; save it as UTF-8' },
    ]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const { line, col, offset } = firstInvalid(bytes, text);
    const message = `not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}); save the file as UTF-8`;
    throw new InvalidInputError([{ file, line, col, path: '', message }]);
  }
}

/** The first replacement character that does not stand for a literal U+FFFD in the file. */
function firstInvalid(bytes: Buffer, text: string): SourcePosition & { offset: number } {
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    const prefix = text.slice(0, i).replace(/^\uFEFF/, '');
    const offset =
      Buffer.byteLength(prefix) + (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
      const lines = prefix.split('\n');
      return { line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1, offset };
    }
  }
  return { line: 1, col: 1, offset: 0 };
}
