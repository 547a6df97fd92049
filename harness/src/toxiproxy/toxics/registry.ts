import { bandwidthToxic } from './bandwidth.js';
import { httpAbortToxic } from './http-abort.js';
import { httpDelayToxic } from './http-delay.js';
import { httpErrorToxic } from './http-error.js';
import type { HttpToxicType } from './http-toxic.js';
import { latencyToxic } from './latency.js';
import { limitDataToxic } from './limit-data.js';
import { noopToxic } from './noop.js';
import { resetPeerToxic } from './reset-peer.js';
import { slicerToxic } from './slicer.js';
import { slowCloseToxic } from './slow-close.js';
import type { ToxicType } from './toxic.js';
import { timeoutToxic } from './timeout.js';

/** A TCP toxic (Toxiproxy's own types) or an HTTP toxic. */
export type AnyToxicType = ToxicType | HttpToxicType;

/** Every toxic type the server accepts, keyed by the API's `type`. */
export const toxicTypes: ReadonlyMap<string, AnyToxicType> = new Map(
  [
    latencyToxic,
    bandwidthToxic,
    slowCloseToxic,
    timeoutToxic,
    resetPeerToxic,
    slicerToxic,
    limitDataToxic,
    noopToxic,
    httpErrorToxic as HttpToxicType,
    httpDelayToxic as HttpToxicType,
    httpAbortToxic as HttpToxicType,
  ].map((t) => [t.type, t]),
);

/** The toxic type registered under `type`, or undefined. */
export function toxicType(type: string): AnyToxicType | undefined {
  return toxicTypes.get(type);
}
