// web: the front door. Renders a page from api (API_URL) with a 400 ms timeout; when api fails
// it serves the last good page it has (a stale-cache fallback) with `x-fallback: stale`.
// Set WEB_FALLBACK=off to take the fallback away and watch the scenario fail.
import { getJson, serve } from './lib.mjs';

const API_URL = process.env.API_URL ?? 'http://127.0.0.1:7202';
const fallback = process.env.WEB_FALLBACK !== 'off';
let lastGood = { items: [] };
serve('web', {
  'GET /page': async () => {
    try {
      lastGood = await getJson(`${API_URL}/items`, 400);
      return { status: 200, body: { page: 'home', ...lastGood } };
    } catch (err) {
      if (!fallback) return { status: 502, body: { error: 'api unavailable', detail: String(err) } };
      return {
        status: 200,
        body: { page: 'home', stale: true, ...lastGood },
        headers: { 'x-fallback': 'stale' },
      };
    }
  },
});
