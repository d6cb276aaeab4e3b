// The compiled Filter against a real DuckDB with the sample data: counts match
// hand-written SQL, and hostile values are just values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter, parseFilterQuery } from '../../src/lib/filters';
import { importFile } from '../../src/lib/server/ingest/importer';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import type { Store } from '../../src/lib/server/db';
import { count, tempStore } from '../helpers/workspace';

let store: Store;
let cleanup: () => Promise<void>;
beforeAll(async () => {
	({ store, cleanup } = await tempStore());
	await importFile(store, SAMPLE_PATH);
});
afterAll(async () => cleanup());

async function filtered(query: string): Promise<number> {
	const c = compileFilter(parseFilterQuery(query), { attrs: ['地区', '客户诉求'], today: '2024-04-10' });
	return count(store, `SELECT count(*) AS n FROM tickets WHERE ${c.where}`, c.params);
}

describe('compiled filters on the sample data', () => {
	it('agree with hand-written SQL', async () => {
		expect(await filtered('subcategory=支付失败&from=2024-04-01&to=2024-04-30')).toBe(
			await count(store, "SELECT count(*) AS n FROM tickets WHERE subcategory = '支付失败' AND created_at >= '2024-04-01' AND created_at < '2024-05-01'")
		);
		const both = await filtered('channel=APP&channel=电话&attr.客户诉求=查询物流状态');
		expect(both).toBe(
			await count(store, "SELECT count(*) AS n FROM tickets WHERE channel IN ('APP', '电话') AND json_extract_string(attrs, '$.客户诉求') = '查询物流状态'")
		);
		expect(both).toBeGreaterThan(0);
		expect(await filtered('error_code=(空)')).toBe(await count(store, 'SELECT count(*) AS n FROM tickets WHERE error_code IS NULL'));
		// case-insensitive for Latin text; regex characters are literal
		expect(await filtered('q=app')).toBe(await count(store, "SELECT count(*) AS n FROM tickets WHERE description ILIKE '%app%' OR subject ILIKE '%app%'"));
		expect(await filtered('q=app')).toBeGreaterThan(0);
		expect(await filtered(`q=${encodeURIComponent('交易失败(E2001)')}`)).toBe(
			await count(store, "SELECT count(*) AS n FROM tickets WHERE description LIKE '%交易失败(E2001)%' OR subject LIKE '%交易失败(E2001)%'")
		);
		expect(await filtered(`q=${encodeURIComponent('交易失败(E2001)')}`)).toBeGreaterThan(0);
		expect(await filtered(`q=${encodeURIComponent('.*')}`)).toBe(await count(store, "SELECT count(*) AS n FROM tickets WHERE contains(description, '.*') OR contains(subject, '.*')"));
		expect(await filtered('q=E2001')).toBe(await count(store, "SELECT count(*) AS n FROM tickets WHERE description ILIKE '%E2001%' OR subject ILIKE '%E2001%'"));
		// an exclusion and its inclusion split the tickets exactly
		const all = await count(store, 'SELECT count(*) AS n FROM tickets');
		expect((await filtered('channel=APP&channel=(空)')) + (await filtered('not.channel=APP&not.channel=(空)'))).toBe(all);
		expect((await filtered('subcategory=支付失败')) + (await filtered('not.subcategory=支付失败'))).toBe(all);
		expect(await filtered('weekday=6&weekday=7')).toBe(await count(store, 'SELECT count(*) AS n FROM tickets WHERE dayofweek(created_at) IN (0, 6)'));
		expect(await filtered('preset=last_week')).toBe(await count(store, "SELECT count(*) AS n FROM tickets WHERE created_at >= '2024-04-01' AND created_at < '2024-04-08'"));
	});

	it('treats hostile values as values', async () => {
		const before = await count(store, 'SELECT count(*) AS n FROM tickets');
		const evil = encodeURIComponent("'; DROP TABLE tickets; --");
		expect(await filtered(`category=${evil}&q=${evil}&attr.${evil}=${evil}`)).toBe(0);
		expect(await count(store, 'SELECT count(*) AS n FROM tickets')).toBe(before);
	});
});
