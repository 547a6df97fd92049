import * as z from 'zod';
import { didYouMean, doc, duration, EDGE, expected, mapping, name } from '../schema/index.js';
import type { FaultSpec, FaultType } from './types.js';

export const FAULT_TYPES: readonly FaultType[] = [
  'latency',
  'partition',
  'down',
  'reset_peer',
  'bandwidth',
  'slow_close',
  'timeout',
  'crash',
  'freeze',
];

/** Fault names appear in threshold tags (`fault:<name>`), which split on `,` and end at `}`. */
const faultName = () =>
  doc(
    z
      .string({ error: expected('a fault name') })
      .regex(/^[^,{}]*[^,{}\s][^,{}]*$/, { error: expected('a fault name without ",", "{" or "}"') })
      .transform((s) => s.trim()),
    'names the fault in the report and in threshold tags (fault:<name>); defaults to "<type> <target>"',
    'slow payments',
  );

const timing = () => ({
  name: faultName().optional(),
  at: doc(duration('5s', 0), 'when the fault starts, counted from the end of warm-up', '5s'),
  for: doc(duration('8s', 1), 'how long the fault lasts; it is reverted at `at` + `for`', '8s'),
});
const edge = () =>
  doc(
    z
      .string({ error: expected('an edge like orders->payments') })
      .regex(EDGE, { error: expected('an edge like orders->payments') }),
    'the edge caller->upstream of the mesh whose proxy the fault acts on',
    'orders->payments',
  );
const service = () => doc(name('a service name'), 'the service of the mesh the fault acts on', 'payments');
const type = <T extends FaultType>(t: T, description: string) => doc(z.literal(t), description, t);

const latencyFault = mapping('a latency fault', {
  type: type('latency', 'responses on an edge are delayed by latency ± jitter'),
  ...timing(),
  edge: edge(),
  latency: doc(duration('250ms', 0), 'delay added to each response chunk', '250ms'),
  jitter: doc(duration('50ms', 0), 'random variation around latency, ± this much', '50ms').default(0),
  toxicity: doc(
    z
      .number({ error: expected('a share from 0 to 1') })
      .min(0, { error: expected('a share from 0 to 1') })
      .max(1, { error: expected('a share from 0 to 1') }),
    'share of connections delayed, drawn per connection as Toxiproxy does; default 1',
    0.5,
  ).optional(),
}).transform((f): FaultSpec => ({
  type: 'latency',
  name: f.name ?? `latency ${f.edge}`,
  atMs: f.at,
  forMs: f.for,
  edge: f.edge,
  latencyMs: f.latency,
  jitterMs: f.jitter,
  ...(f.toxicity === undefined ? {} : { toxicity: f.toxicity }),
}));

const EDGE_ONLY = {
  partition: 'the edge holds every byte in both directions without closing, like a dropped network',
  down: 'the edge refuses connections (its proxy is disabled), like a stopped dependency',
} as const;

function edgeFault<T extends keyof typeof EDGE_ONLY>(t: T) {
  return mapping(`a ${t} fault`, { type: type(t, EDGE_ONLY[t]), ...timing(), edge: edge() }).transform(
    (f): FaultSpec => ({ type: t, name: f.name ?? `${t} ${f.edge}`, atMs: f.at, forMs: f.for, edge: f.edge }),
  );
}

const resetPeerFault = mapping('a reset_peer fault', {
  type: type('reset_peer', 'connections on the edge are reset (TCP RST) once the caller sends data'),
  ...timing(),
  edge: edge(),
  timeout: doc(
    duration('0ms', 0),
    'how long after the first bytes of a request its connection is reset',
    '0ms',
  ).default(0),
}).transform((f): FaultSpec => ({
  type: 'reset_peer',
  name: f.name ?? `reset_peer ${f.edge}`,
  atMs: f.at,
  forMs: f.for,
  edge: f.edge,
  timeoutMs: f.timeout,
}));

const bandwidthFault = mapping('a bandwidth fault', {
  type: type('bandwidth', "the upstream's responses on the edge are squeezed to a rate in KB/s"),
  ...timing(),
  edge: edge(),
  rate: doc(
    z
      .int({ error: expected('a whole number of KB/s like 10') })
      .min(1, { error: expected('at least 1 KB/s (to stop every byte, use a partition)') }),
    'KB/s (1 KB = 1000 bytes) the responses may flow at',
    10,
  ),
}).transform((f): FaultSpec => ({
  type: 'bandwidth',
  name: f.name ?? `bandwidth ${f.edge}`,
  atMs: f.at,
  forMs: f.for,
  edge: f.edge,
  rateKBps: f.rate,
}));

const slowCloseFault = mapping('a slow_close fault', {
  type: type(
    'slow_close',
    "the upstream's close of a connection reaches the caller late; data flows normally",
  ),
  ...timing(),
  edge: edge(),
  delay: doc(duration('2s', 0), 'how late the close arrives', '2s'),
}).transform((f): FaultSpec => ({
  type: 'slow_close',
  name: f.name ?? `slow_close ${f.edge}`,
  atMs: f.at,
  forMs: f.for,
  edge: f.edge,
  delayMs: f.delay,
}));

const timeoutFault = mapping('a timeout fault', {
  type: type('timeout', 'the edge drops every byte and closes each connection a while after its last data'),
  ...timing(),
  edge: edge(),
  timeout: doc(duration('500ms', 1), 'how long after its last data a connection is closed', '500ms'),
}).transform((f): FaultSpec => ({
  type: 'timeout',
  name: f.name ?? `timeout ${f.edge}`,
  atMs: f.at,
  forMs: f.for,
  edge: f.edge,
  timeoutMs: f.timeout,
}));

const crashFault = mapping('a crash fault', {
  type: type(
    'crash',
    'the service is killed (SIGKILL) and, unless restart is false, started again after `for`',
  ),
  ...timing(),
  service: service(),
  restart: doc(
    z.boolean({ error: expected('true or false') }),
    'start the service again when the fault ends',
    true,
  ).default(true),
}).transform((f): FaultSpec => ({
  type: 'crash',
  name: f.name ?? `crash ${f.service}`,
  atMs: f.at,
  forMs: f.for,
  service: f.service,
  restart: f.restart,
}));

const freezeFault = mapping('a freeze fault', {
  type: type(
    'freeze',
    'the service is frozen (SIGSTOP) and continued after `for`: it keeps its sockets but answers nothing',
  ),
  ...timing(),
  service: service(),
}).transform((f): FaultSpec => ({
  type: 'freeze',
  name: f.name ?? `freeze ${f.service}`,
  atMs: f.at,
  forMs: f.for,
  service: f.service,
}));

/** One entry of `faults:`, discriminated by `type`. */
export const faultSchema = z
  .discriminatedUnion(
    'type',
    [
      latencyFault.meta({ description: 'a latency fault' }),
      edgeFault('partition').meta({ description: 'a partition fault' }),
      edgeFault('down').meta({ description: 'a down fault' }),
      resetPeerFault.meta({ description: 'a reset_peer fault' }),
      bandwidthFault.meta({ description: 'a bandwidth fault' }),
      slowCloseFault.meta({ description: 'a slow_close fault' }),
      timeoutFault.meta({ description: 'a timeout fault' }),
      crashFault.meta({ description: 'a crash fault' }),
      freezeFault.meta({ description: 'a freeze fault' }),
    ],
    {
      error: (iss) => {
        const t: unknown = (iss.input as { type?: unknown } | undefined)?.type;
        if (typeof iss.input !== 'object' || iss.input === null) return expected('a fault mapping')(iss);
        if (t === undefined) return `required; expected one of ${FAULT_TYPES.join(', ')}`;
        const guess = typeof t === 'string' ? didYouMean(t, FAULT_TYPES) : undefined;
        return `unknown fault type ${JSON.stringify(t)}${guess ? ` (did you mean "${guess}"?)` : ''}; expected one of ${FAULT_TYPES.join(', ')}`;
      },
    },
  )
  .meta({ description: 'a fault on the timeline: what breaks, where, when and for how long' });
