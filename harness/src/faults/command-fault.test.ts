import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FaultContext } from './fault-type.js';
import { commandEnv, type CommandFault } from './command-fault.js';
import { describeFault, faultParams, faultRevertCommand, faultSchema, faultTarget } from './fault-types.js';

const parseFault = (flow: string) => faultSchema.safeParse(parse(flow));
const base = 'type: command, at: 1s, for: 2s, apply: { run: [touch, m] }, revert: { run: [rm, -f, m] }';

const ctx = {
  toxiproxy: { host: 'http://127.0.0.1:8474' },
  proxies: new Map([['a->b', 'a_to_b']]),
  mesh: {},
  toxicPrefix: 'faultline_0_',
  run: { id: 'run-1', dir: '/scenarios' },
} as unknown as FaultContext;

describe('the command fault', () => {
  it('parses argv and time limits (30 s by default), and files the target as an edge or a service', () => {
    const edge = parseFault(`{ ${base}, target: a->b, verify: { run: [test, -e, m], timeout: 2s } }`);
    expect(edge.data).toEqual({
      type: 'command',
      name: 'command a->b',
      atMs: 1000,
      forMs: 2000,
      edge: 'a->b',
      apply: { argv: ['touch', 'm'], timeoutMs: 30_000 },
      revert: { argv: ['rm', '-f', 'm'], timeoutMs: 30_000 },
      verify: { argv: ['test', '-e', 'm'], timeoutMs: 2000 },
    });
    const service = parseFault(`{ ${base}, target: payments }`).data as CommandFault;
    expect(service).toMatchObject({ service: 'payments', name: 'command payments' });
    expect(service).not.toHaveProperty('edge');
    const none = parseFault(`{ ${base} }`).data as CommandFault;
    expect(faultTarget(none)).toBe('');
    expect(none.name).toBe('command touch');
    expect(describeFault(none)).toBe(
      '1s–3s command (apply `touch m`, revert `rm -f m`, unproven: no verify)',
    );
    expect(faultParams(none)).toEqual({ apply: 'touch m', revert: 'rm -f m' });
  });

  it('rejects a shell string, an empty argv, a bad time limit and a missing revert, saying what is expected', () => {
    const messages = (flow: string) =>
      parseFault(flow).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(
      messages('{ type: command, at: 1s, for: 2s, apply: { run: "touch m" }, revert: { run: [] } }'),
    ).toEqual([
      'apply.run: expected a command as a list of strings, like [sh, -c, "tc qdisc add …"], got "touch m"',
      'revert.run: expected a command as a list of strings, like [sh, -c, "tc qdisc add …"], got a list',
    ]);
    expect(messages(`{ ${base.replace('[touch, m] }', '[touch, m], timeout: 5 }')} }`)).toEqual([
      'apply.timeout: expected a duration like 30s, from 1ms to 24h, got 5',
    ]);
    expect(messages('{ type: command, at: 1s, for: 2s, apply: { run: [x] } }')?.[0]).toMatch(/^revert: /);
    expect(messages(`{ ${base}, target: "a b" }`)?.[0]).toMatch(
      /^target: expected an edge like orders->payments/,
    );
  });

  it('names the run, the fault, its target and the phase in the environment, and gives the ledger its revert', () => {
    const f = parseFault(`{ ${base}, name: cut, target: a->b }`).data as CommandFault;
    expect(commandEnv(f, ctx, 'apply')).toEqual({
      FAULTLINE_RUN_ID: 'run-1',
      FAULTLINE_FAULT: 'cut',
      FAULTLINE_TARGET: 'a->b',
      FAULTLINE_PHASE: 'apply',
      FAULTLINE_FOR_MS: '2000',
      FAULTLINE_TOXIPROXY_URL: 'http://127.0.0.1:8474',
      FAULTLINE_PROXY: 'a_to_b',
    });
    expect(faultRevertCommand(f, ctx)).toEqual({
      argv: ['rm', '-f', 'm'],
      timeoutMs: 30_000,
      env: { ...commandEnv(f, ctx, 'revert') },
      cwd: '/scenarios',
    });
  });
});
