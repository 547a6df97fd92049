import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ClosedLoopRoute,
  ConstantArrivalRoute,
  Executor,
  RampingArrivalRoute,
  RouteSpec,
} from '../scenario/index.js';

/** A tiny local server for the load engine's tests; `close()` also ends kept-alive connections. */
export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port on which nothing listens (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.port;
}

/**
 * A route for tests: a constant 20 req/s unless `overrides` say otherwise (give `executor` for a
 * ramp or a closed loop). Not checked, so tests can hand the engine routes validation would refuse.
 */
export function route(overrides: AnyRouteFields = {}): RouteSpec {
  return {
    name: 'r',
    method: 'GET',
    path: '/',
    headers: {},
    rate: 20,
    timeoutMs: 2000,
    ...overrides,
  } as RouteSpec;
}

/** Any field of any kind of route, so a test can set any of them. */
type AnyRouteFields = Partial<
  Omit<ConstantArrivalRoute, 'executor'> &
    Omit<RampingArrivalRoute, 'executor' | 'rate'> &
    Omit<ClosedLoopRoute, 'executor' | 'rate'>
> & { executor?: Executor };
