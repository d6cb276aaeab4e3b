// The bundled sample, once imported, tells the seeds' story (the April 支付失败
// spike); test/unit/samples.test.ts checks the file itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import { importFile, type ImportSummary } from '../../src/lib/server/ingest/importer';
import type { Store } from '../../src/lib/server/db';
import { count, tempStore } from '../helpers/workspace';

let store: Store;
let cleanup: () => Promise<void>;
let summary: ImportSummary;
beforeAll(async () => {
	({ store, cleanup } = await tempStore());
	summary = await importFile(store, SAMPLE_PATH);
});
afterAll(async () => cleanup());

const n = (sql: string) => count(store, sql);

describe('bundled sample data', () => {
	it('imports whole: a few thousand tickets, Jan–Jun 2024, nothing rejected', async () => {
		expect(summary.rowsRejected).toBe(0);
		expect(summary.rowsInserted).toBeGreaterThan(3000);
		expect(summary.rowsInserted).toBeLessThan(5000);
		const r = (await store.one<{ lo: string; hi: string }>('SELECT min(created_at) AS lo, max(created_at) AS hi FROM tickets'))!;
		expect(r.lo >= '2024-01-01' && r.hi < '2024-07-01').toBe(true);
		// the seeds' form maps without help, and customers are masked
		expect(summary.mapping).toMatchObject({ ticket_id: '客户编号', created_at: '问题发生时间', category: '问题类型（一级/二级）', contact: '联系方式', customer_name: '客户姓名' });
		expect(await n("SELECT count(*) AS n FROM tickets WHERE length(contact_last4) > 4 OR customer_ref NOT LIKE '%*'")).toBe(0);
	});

	it('shows the April 支付失败 spike with E2001 on APP, and its fall after the fix', async () => {
		const pay = (from: string, to: string, extra = '') =>
			n(`SELECT count(*) AS n FROM tickets WHERE subcategory = '支付失败' AND created_at >= '${from}' AND created_at < '${to}' ${extra}`);
		const q1Mean = (await pay('2024-01-01', '2024-04-01')) / 3;
		const april = await pay('2024-04-01', '2024-05-01');
		expect(april).toBeGreaterThan(2.5 * q1Mean);
		expect(await pay('2024-04-01', '2024-05-01', "AND error_code = 'E2001'")).toBeGreaterThan(0.6 * april);
		expect(await pay('2024-04-01', '2024-05-01', "AND channel = 'APP'")).toBeGreaterThan(0.6 * april);
		// after the fix (2024-05-06) the rate is back near the baseline
		const after = (await pay('2024-05-08', '2024-07-01')) / (54 / 30.4);
		expect(after).toBeLessThan(1.5 * q1Mean);
		// no other subcategory more than doubles in April
		const others = await store.all<{ subcategory: string; ratio: number }>(
			`SELECT subcategory, count(*) FILTER (WHERE created_at >= '2024-04-01' AND created_at < '2024-05-01') / (count(*) FILTER (WHERE created_at < '2024-04-01') / 3) AS ratio
			 FROM tickets WHERE subcategory <> '支付失败' GROUP BY 1`
		);
		for (const o of others) expect(o.ratio, o.subcategory).toBeLessThan(2);
	});
});
