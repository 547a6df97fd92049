import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyBytesFromCallers } from './proxy-metrics.js';

const TRAFFIC = `# TYPE toxiproxy_proxy_received_bytes_total counter
toxiproxy_proxy_received_bytes_total{direction="upstream",listener="127.0.0.1:1",proxy="a_to_b",upstream="127.0.0.1:2"} 300
toxiproxy_proxy_received_bytes_total{direction="downstream",listener="127.0.0.1:1",proxy="a_to_b",upstream="127.0.0.1:2"} 9000
toxiproxy_proxy_received_bytes_total{direction="upstream",listener="127.0.0.1:3",proxy="b_to_c",upstream="127.0.0.1:4"} 0
`;
const FAULTLINE = `${TRAFFIC}# TYPE faultline_event_loop_delay_p99_seconds gauge\nfaultline_event_loop_delay_p99_seconds 0.001\n`;

let server: Server | undefined;
afterEach(() => server?.close());

/** A /metrics endpoint on 127.0.0.1 that answers `status` with `body`; its base URL. */
async function metrics(body: string, status = 200): Promise<string> {
  server = createServer((_req, res) => {
    res.statusCode = status;
    res.end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('proxyBytesFromCallers', () => {
  it("reads each proxy's bytes from its callers, and whether open links count (faultline's server)", async () => {
    const read = await proxyBytesFromCallers(await metrics(FAULTLINE), 1000);
    expect([...read.byProxy]).toEqual([
      ['a_to_b', 300],
      ['b_to_c', 0],
    ]);
    expect(read.countsOpenLinks).toBe(true);
  });

  it("says Toxiproxy's counts leave out open links, and rejects a /metrics that is not there", async () => {
    expect((await proxyBytesFromCallers(await metrics(TRAFFIC), 1000)).countsOpenLinks).toBe(false);
    server?.close();
    await expect(proxyBytesFromCallers(await metrics('404 page not found', 404), 1000)).rejects.toThrow(
      /answered 404/,
    );
  });
});
