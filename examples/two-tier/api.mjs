// api: reads items from db (DB_URL), with a 200 ms timeout per query. No fallback: when db
// fails, api answers 503 at once instead of holding its caller.
import { getJson, serve } from './lib.mjs';

const DB_URL = process.env.DB_URL ?? 'http://127.0.0.1:7203';
serve('api', {
  'GET /items': async () => {
    try {
      const { rows } = await getJson(`${DB_URL}/query`, 200);
      return { status: 200, body: { items: rows } };
    } catch (err) {
      return { status: 503, body: { error: 'db unavailable', detail: String(err) } };
    }
  },
});
