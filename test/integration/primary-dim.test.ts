// Real exports without a second category level open on what they have: LA 311
// (a category only) on category, the car complaints (no category at all) on the
// ticket text's terms; the sample on subcategory as before.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Store } from '../../src/lib/server/db';
import { importFile } from '../../src/lib/server/ingest/importer';
import { scopeFor } from '../../src/lib/server/analytics/scope';
import { pareto } from '../../src/lib/server/analytics/pareto';
import { DATASETS, ROOT, tempStore } from '../helpers/workspace';

let store: Store;
let cleanup: () => Promise<void> | void;
beforeAll(async () => {
	({ store, cleanup } = await tempStore());
	await importFile(store, join(ROOT, 'data/samples/tickets-2024H1.csv'), { dataset: 'sample' });
	await importFile(store, join(DATASETS, 'la311_service_requests_2017_subset.csv'), { dataset: 'la311' });
	await importFile(store, join(DATASETS, 'car_complain_12365auto_gbk.csv'), { dataset: 'cars' });
}, 120_000);
afterAll(async () => {
	await cleanup?.();
});

it('each dataset opens on the dimension its tickets fill', async () => {
	expect((await scopeFor(store, 'sample')).primaryDim).toBe('subcategory');
	const la = await scopeFor(store, 'la311');
	expect(la.primaryDim).toBe('category');
	const top = (await pareto(la, { dims: {} }, la.primaryDim, 'none')).rows[0];
	expect(top.key).not.toBe('(空)');
	expect(top.share).toBeGreaterThan(0.2);
	expect((await scopeFor(store, 'cars')).primaryDim).toBe('term');
});
