import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToxiproxyServer } from './index.js';
import { connect, createProxy, pingOnce, startTestServer, waitFor, type TestServer } from './test-support.js';

let echo: TestServer;
beforeAll(async () => {
  echo = await startTestServer();
});
afterAll(async () => {
  await echo.close();
});

/** For each of `n` sequential connections: was each of its pings delayed by the 0.5 toxic? */
async function pattern(seed: number, n: number): Promise<boolean[][]> {
  const tp = await startToxiproxyServer({ port: 0, seed });
  try {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'latency', toxicity: 0.5, attributes: { latency: 150 } });
    const out: boolean[][] = [];
    for (let i = 0; i < n; i++) {
      const c = await connect(f.port);
      out.push([(await pingOnce(c)) >= 149, (await pingOnce(c)) >= 149]);
      c.socket.destroy();
    }
    await waitFor(() => tp.openConnections() === 0);
    return out;
  } finally {
    await tp.close();
  }
}

describe('toxicity', () => {
  it('is drawn per connection, and a seed reproduces the draws', async () => {
    const a = await pattern(1234, 8);
    for (const [first, second] of a) expect(second).toBe(first);
    const delayed = a.filter(([d]) => d).length;
    expect(delayed).toBeGreaterThan(0);
    expect(delayed).toBeLessThan(8);
    expect(await pattern(1234, 8)).toEqual(a);
  });
});
