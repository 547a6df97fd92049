// db: the data store stand-in. Answers queries from memory.
import { serve } from './lib.mjs';

const rows = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, title: `item ${i + 1}` }));
serve('db', {
  'GET /query': async () => ({ status: 200, body: { rows } }),
});
