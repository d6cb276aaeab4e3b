import { Store } from './src/lib/server/db';
import { runNotebook } from './src/lib/server/notebooks/run';
import { notebookHtml } from './src/lib/server/notebooks/html';
import { readFileSync, writeFileSync } from 'node:fs';
const store = await Store.open('/tmp/cw-ui.duckdb');
for (const f of ['weekly-review', 'spike-investigation']) {
  const nb = await runNotebook(store, readFileSync(`notebooks/${f}.md`, 'utf8'), { overrides: f === 'spike-investigation' ? { week: '2024-W15' } : {} });
  for (const c of nb.cells) if ('error' in c && c.error) console.log(f, 'ERROR', c.error);
  for (const c of nb.cells) if (c.kind === 'sql') console.log(f, c.name, c.rows.length, c.ms + 'ms', JSON.stringify(c.rows[0])?.slice(0, 150));
  console.log(nb.params);
  writeFileSync(`/tmp/${f}.html`, notebookHtml(nb));
}
await store.close();
