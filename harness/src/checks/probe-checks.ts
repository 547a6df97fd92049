import type { ProbeExpectation } from '../probes/index.js';
import type { Phase } from '../results/index.js';

/** `checks.probes[]`: an HTTP request or a command, sampled every `everyMs`, with an expectation per phase. */
export interface ProbeCheck {
  name: string;
  http?: { url: string; timeoutMs: number };
  command?: { argv: string[]; timeoutMs: number };
  everyMs: number;
  /** Phase (or `run`, every sample) → what each of its samples must show. */
  expect: Partial<Record<Phase | 'run', ProbeExpectation>>;
}
