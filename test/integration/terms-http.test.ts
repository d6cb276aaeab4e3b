// The text API on the built server (node build/index.js) with the bundled sample:
// /api/stats/terms with and without vs, term= in other views and the CSV export,
// themes (create, theme= as a dimension, suggestions, delete), the dictionary and
// stop words re-indexing the dataset, the word view and the overview's emerging terms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { tempDir } from '../helpers/workspace';

let server: RunningServer;
let cleanup: () => void;
const APRIL = 'subcategory=支付失败&from=2024-04-01&to=2024-04-30';
const Q1 = 'subcategory=支付失败&from=2024-01-01&to=2024-03-31';

beforeAll(async () => {
	const t = tempDir();
	cleanup = t.cleanup;
	// the sample is seeded on first start, its terms indexed with the import
	server = await startServer({ CAUSEWAY_DB: join(t.dir, 'terms.duckdb') });
}, 120_000);
afterAll(async () => {
	await server?.stop();
	cleanup?.();
});

const get = async (path: string) => {
	const r = await fetch(`${server.url}${path}`);
	return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
};
const send = async (method: string, path: string, body?: unknown) => {
	const r = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', origin: server.url }, body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: r.status, body: await r.json() };
};

describe('GET /api/stats/terms', () => {
	it('without vs: the most frequent terms with their share of the filtered tickets', async () => {
		const r = await get(`/api/stats/terms?${APRIL}&top=10`);
		expect(r.status).toBe(200);
		expect(r.body.total).toBeGreaterThan(100);
		expect(r.body.rows).toHaveLength(10);
		expect(r.body.rows.map((x: { term: string }) => x.term)).toContain('活动');
		for (const row of r.body.rows) expect(row.share).toBeCloseTo(row.count / r.body.total, 10);
		expect(r.body.baselineTotal).toBeUndefined();
	});

	it('with vs: the promotion terms and E2001 are over-represented against Jan–Mar', async () => {
		const r = await get(`/api/stats/terms?${APRIL}&vs=${encodeURIComponent(Q1)}&top=8`);
		expect(r.status).toBe(200);
		expect(r.body.baselineTotal).toBeGreaterThan(50);
		const top = r.body.rows.map((x: { term: string }) => x.term);
		expect(top.slice(0, 5)).toEqual(expect.arrayContaining(['活动', 'E2001']));
		expect(r.body.rows[0]).toMatchObject({ baseline: expect.any(Number), baselineShare: expect.any(Number), lift: expect.any(Number), p: expect.any(Number) });
	});

	it('refuses a bad top', async () => {
		expect((await get(`/api/stats/terms?top=0`)).status).toBe(400);
	});
});

describe('term= everywhere a dimension works', () => {
	it('in the Pareto, the trend, spikes by term, the control chart and the CSV export', async () => {
		const pareto = await get(`/api/stats/pareto?term=E2001&dim=subcategory`);
		expect(pareto.body.rows[0].key).toBe('支付失败');
		const byTerm = await get(`/api/stats/pareto?${APRIL}&dim=term&top=5`);
		expect(byTerm.body.rows.map((r: { key: string }) => r.key)).toContain('活动');
		const trend = await get(`/api/stats/trend?grain=month&term=活动`);
		const by = Object.fromEntries(trend.body.rows.map((r: { period: string; count: number }) => [r.period, r.count]));
		expect(by['2024-04']).toBeGreaterThan(3 * (by['2024-03'] ?? 0));
		const spikes = await get(`/api/stats/spikes?grain=week&dim=term`);
		expect(spikes.status).toBe(200);
		expect(spikes.body.rows.some((r: { key: string }) => r.key === '活动')).toBe(true);
		const control = await get(`/api/stats/control?chart=p&grain=week&effect=${encodeURIComponent('term=E2001')}`);
		expect(control.status).toBe(200);
		expect(control.body.points.some((p: { violations: number[] }) => p.violations.length > 0)).toBe(true);
		const csv = await get(`/api/tickets.csv?term=E2001&term=活动&from=2024-04-01&to=2024-04-30`);
		const lines = (csv.body as string).trim().split('\n').slice(1);
		const both = await get(`/api/stats/terms?term=E2001&term=活动&from=2024-04-01&to=2024-04-30&top=1`);
		expect(lines.length).toBe(both.body.total);
		expect(lines.length).toBeGreaterThan(10);
	});
});

describe('themes', () => {
	it('a saved theme is a dimension value; suggestions come from co-occurring terms; delete removes it', async () => {
		const created = await send('POST', '/api/themes', { name: '促销支付', terms: '活动 活动商品 抢购' });
		expect(created.status).toBe(201);
		const list = await get('/api/themes');
		const theme = list.body.rows.find((r: { name: string }) => r.name === '促销支付');
		expect(theme.tickets).toBeGreaterThan(100);
		const inTheme = await get(`/api/stats/terms?theme=${encodeURIComponent('促销支付')}&top=1`);
		expect(inTheme.body.total).toBe(theme.tickets);
		const pareto = await get(`/api/stats/pareto?dim=theme`);
		expect(pareto.body.rows.map((r: { key: string }) => r.key)).toEqual(['促销支付']);
		const sug = await get('/api/themes/suggestions');
		expect(sug.status).toBe(200);
		expect(sug.body.rows.length).toBeGreaterThan(0);
		for (const s of sug.body.rows) expect(s.terms.length).toBeGreaterThanOrEqual(2);
		expect((await send('POST', '/api/themes', { name: '', terms: 'x' })).status).toBe(400);
		expect((await send('DELETE', `/api/themes/${theme.id}`)).status).toBe(200);
		expect((await get(`/api/stats/pareto?dim=theme`)).body.rows).toEqual([]);
	});
});

describe('dictionary and stop words', () => {
	it('a stop word leaves the index; a dictionary word is indexed whole; the dataset is re-indexed', async () => {
		const before = await get('/api/stats/terms?term=活动商品&top=1');
		expect(before.body.total).toBeGreaterThan(0);
		const r = await send('PUT', '/api/text/settings', { dictionary: ['活动商品页'], stopWords: ['活动'] });
		expect(r.status).toBe(200);
		expect(r.body.reindexed).toBeGreaterThan(3000);
		expect((await get('/api/stats/terms?term=活动&top=1')).body.total).toBe(0);
		const settings = await get('/api/text/settings');
		expect(settings.body).toMatchObject({ dictionary: ['活动商品页'], stopWords: ['活动'] });
		// back to the defaults
		await send('PUT', '/api/text/settings', { dictionary: [], stopWords: [] });
		expect((await get('/api/stats/terms?term=活动&top=1')).body.total).toBeGreaterThan(100);
	});
});

describe('pages', () => {
	it('the word view and the overview’s emerging terms render on the server', async () => {
		const words = await get('/words?from=2024-04-01&to=2024-04-30');
		expect(words.status).toBe(200);
		expect(words.body).toContain('data-testid="word-view"');
		expect(words.body).toContain('活动');
		const overview = await get('/?from=2024-04-08&to=2024-04-14');
		expect(overview.status).toBe(200);
		expect(overview.body).toContain('data-testid="emerging-terms"');
	});
});
