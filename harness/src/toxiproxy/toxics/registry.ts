import { bandwidthToxic } from './bandwidth.js';
import { latencyToxic } from './latency.js';
import { limitDataToxic } from './limit-data.js';
import { noopToxic } from './noop.js';
import { resetPeerToxic } from './reset-peer.js';
import { slicerToxic } from './slicer.js';
import { slowCloseToxic } from './slow-close.js';
import type { ToxicType } from './toxic.js';
import { timeoutToxic } from './timeout.js';

/** Every toxic type the server accepts, keyed by the API's `type`. */
export const toxicTypes: ReadonlyMap<string, ToxicType> = new Map(
  [
    latencyToxic,
    bandwidthToxic,
    slowCloseToxic,
    timeoutToxic,
    resetPeerToxic,
    slicerToxic,
    limitDataToxic,
    noopToxic,
  ].map((t) => [t.type, t]),
);

/** The toxic type registered under `type`, or undefined. */
export function toxicType(type: string): ToxicType | undefined {
  return toxicTypes.get(type);
}
