import { passThrough, type ToxicType } from './toxic.js';

/** `noop`: passes data unchanged; registered because Toxiproxy's API accepts it. */
export const noopToxic: ToxicType = {
  type: 'noop',
  goName: 'NoopToxic',
  attributes: [],
  start: (ctx) => passThrough(ctx.out),
};
