import type {
  HttpCounters,
  HttpSelection,
  HttpToxicType,
  ToxicAttributes,
  ToxicType,
} from './toxics/index.js';

/** The two links of a connection: upstream = client→server, downstream = server→client. */
export type Direction = 'upstream' | 'downstream';

interface SpecBase {
  readonly name: string;
  /** The stream exactly as the client sent it (`"UPSTREAM"` stays upper-case in responses). */
  readonly stream: string;
  readonly direction: Direction;
  readonly toxicity: number;
}

/** A Toxiproxy toxic: integer attributes. */
export interface TcpToxicSpec extends SpecBase {
  readonly type: ToxicType;
  readonly attributes: ToxicAttributes;
}

/** An HTTP toxic: its own attributes, and counters that survive updates. */
export interface HttpToxicSpec extends SpecBase {
  readonly type: HttpToxicType;
  readonly attributes: HttpSelection;
  readonly counters: HttpCounters;
}

/** A toxic as configured on a proxy (what the API shows), shared by every link it runs on. */
export type ToxicSpec = TcpToxicSpec | HttpToxicSpec;

export function isHttpSpec(spec: ToxicSpec): spec is HttpToxicSpec {
  return 'counters' in spec;
}

/**
 * The toxic's JSON, key order as Toxiproxy: attributes, name, type, stream, toxicity. An HTTP
 * toxic adds read-only `counters`: `matched` and what it did (`answered`, `delayed`, `aborted`).
 */
export function toxicJson(spec: ToxicSpec): Record<string, unknown> {
  const base = { name: spec.name, type: spec.type.type, stream: spec.stream, toxicity: spec.toxicity };
  if (isHttpSpec(spec)) {
    const counters = { matched: spec.counters.matched, [spec.type.acted]: spec.counters.acted };
    return { attributes: spec.attributes, ...base, counters };
  }
  const attributes: Record<string, number> = {};
  for (const [name] of spec.type.attributes) attributes[name] = spec.attributes[name] ?? 0;
  return { attributes, ...base };
}
