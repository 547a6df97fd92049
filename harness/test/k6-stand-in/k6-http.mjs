import { parentPort, workerData } from 'node:worker_threads';
import exec from './k6-execution.mjs';
// Stand-in for k6's `k6/http`: each request is made for real by the runner's thread, while this
// VU's thread blocks until the answer is in, so the script's calls are synchronous, as in k6.

const flag = new Int32Array(workerData.reply.flag);
const data = new Uint8Array(workerData.reply.data);

/** `'3000ms'` or `'3s'` to ms. */
function ms(duration) {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(duration ?? '60s');
  if (!m) throw new Error(`stand-in: unknown duration ${duration}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

function request(method, url, body, params = {}) {
  Atomics.store(flag, 0, 0);
  parentPort.postMessage({
    kind: 'http',
    method,
    url,
    body: body ?? null,
    headers: params.headers ?? {},
    // The VU's tags, then the request's, as k6 merges them.
    tags: { ...exec.vu.metrics.tags, ...params.tags },
    timeoutMs: ms(params.timeout),
    sentAt: Date.now(),
  });
  Atomics.wait(flag, 0, 0);
  const reply = JSON.parse(new TextDecoder().decode(data.slice(0, Atomics.load(flag, 1))));
  return { status: reply.status, body: reply.body };
}

export default {
  request,
  get: (url, params) => request('GET', url, null, params),
  post: (url, body, params) => request('POST', url, body, params),
  patch: (url, body, params) => request('PATCH', url, body, params),
  del: (url, body, params) => request('DELETE', url, body, params),
  expectedStatuses: (...statuses) => ({ statuses }),
};
