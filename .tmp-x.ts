import { Store } from './src/lib/server/db';
import { scopeFor } from './src/lib/server/analytics/scope';
import { terms } from './src/lib/server/analytics/terms';
import { pareto } from './src/lib/server/analytics/pareto';
import { parseFilterQuery } from './src/lib/filters';
const st = await Store.open('/tmp/tx/s2.duckdb');
const { importFile } = await import('./src/lib/server/ingest/importer');
if (!Number((await st.one<{n:number}>('SELECT count(*) n FROM tickets'))!.n)) {
  await importFile(st, 'data/samples/tickets-2024H1.csv');
  await importFile(st, '../shared/datasets/car_complain_12365auto_gbk.csv');
  await importFile(st, '../shared/datasets/cfpb_complaints_sample.csv');
}
const scope = await scopeFor(st);
const r = await terms(scope, parseFilterQuery('subcategory=支付失败&from=2024-04-01&to=2024-04-30'), parseFilterQuery('subcategory=支付失败&from=2024-01-01&to=2024-03-31'), 15);
console.log(r.total, r.baselineTotal, r.rows.map(x => `${x.term} ${x.count}/${x.baseline} ×${x.lift!.toFixed(1)} p=${x.p!.toExponential(1)}`));
const r2 = await terms(scope, parseFilterQuery('from=2020-06-01&to=2020-06-30'), null, 30);
console.log(r2.total, r2.rows.map(x => `${x.term}:${x.count}`).join(' '));
const r3 = await terms(scope, parseFilterQuery('from=2010-01-01&to=2019-12-31'), null, 40);
console.log(r3.total, r3.rows.map(x => `${x.term}:${x.count}`).join(' '));
console.log((await pareto(scope, parseFilterQuery('term=E2001'), 'subcategory')).rows.slice(0,3));
console.log((await pareto(scope, parseFilterQuery('subcategory=支付失败'), 'term')).rows.slice(0,5));
console.log(await st.all("SELECT min(created_at), max(created_at), count(*) FROM tickets GROUP BY import_id"));
