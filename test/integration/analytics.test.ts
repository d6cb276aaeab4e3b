// Trends, ticket lists and CSV export on real data: the sample and the UCI log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseFilterQuery } from '../../src/lib/filters';
import { importFile } from '../../src/lib/server/ingest/importer';
import { scopeFor, type Scope } from '../../src/lib/server/analytics/scope';
import { trend } from '../../src/lib/server/analytics/trend';
import { listTickets, ticketsCsv } from '../../src/lib/server/analytics/tickets';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import type { Store } from '../../src/lib/server/db';
import { count, DATASETS, tempStore, writeFile } from '../helpers/workspace';

let store: Store;
let dir: string;
let cleanup: () => Promise<void>;
let scope: Scope;
let sampleImport: number;
beforeAll(async () => {
	({ store, dir, cleanup } = await tempStore());
	const sample = await importFile(store, SAMPLE_PATH);
	sampleImport = sample.importId;
	// a ticket whose text would be a formula in a spreadsheet, in the sample's dataset
	await importFile(store, writeFile(dir, 'formula.csv', 'id,created,subject,description\nX1,2024-06-30 10:00,=HYPERLINK("http://x"),+cmd|calc\n'), { dataset: sample.dataset.name });
	scope = await scopeFor(store);
});
afterAll(async () => cleanup());

const sum = (rows: { count: number }[]) => rows.reduce((s, r) => s + Number(r.count), 0);

describe('trend', () => {
	it('weekly and monthly totals equal the ticket count; a split sums to the same', async () => {
		const all = await count(store, 'SELECT count(*) AS n FROM tickets');
		expect(sum((await trend(scope, { dims: {} }, 'week')).rows)).toBe(all);
		const months = (await trend(scope, { dims: {} }, 'month')).rows;
		expect(months.map((r) => r.period).slice(0, 3)).toEqual(['2024-01', '2024-02', '2024-03']);
		expect(sum(months)).toBe(all);
		const split = (await trend(scope, { dims: {} }, 'month', 'subcategory')).rows;
		expect(sum(split)).toBe(all);
		// weeks are labelled by their Monday
		for (const r of (await trend(scope, { dims: {} }, 'week')).rows) expect(new Date(`${r.period}T00:00:00Z`).getUTCDay()).toBe(1);
	});

	it('shows the April 支付失败 rise in the monthly trend of that filter', async () => {
		const rows = (await trend(scope, parseFilterQuery('subcategory=支付失败'), 'month')).rows;
		const by = Object.fromEntries(rows.map((r) => [r.period, Number(r.count)]));
		expect(by['2024-04']).toBeGreaterThan(2.5 * ((by['2024-01'] + by['2024-02'] + by['2024-03']) / 3));
	});

	it('refuses a dimension that is not on the allow-list', async () => {
		await expect(trend(scope, { dims: {} }, 'week', 'created_at; DROP TABLE tickets')).rejects.toThrow(/Unknown dimension/);
		expect((await trend(scope, { dims: {} }, 'month', 'attr.客户诉求')).rows.length).toBeGreaterThan(0);
	});
});

describe('tickets', () => {
	it('pages and sorts exactly the filtered tickets', async () => {
		const f = parseFilterQuery('subcategory=支付失败&from=2024-04-01&to=2024-04-30');
		const n = await count(store, "SELECT count(*) AS n FROM tickets WHERE subcategory = '支付失败' AND created_at >= '2024-04-01' AND created_at < '2024-05-01'");
		const p1 = await listTickets(scope, f, 1, 'created_at', 50);
		expect(p1.total).toBe(n);
		expect(p1.rows).toHaveLength(50);
		const times = p1.rows.map((r) => String(r.created_at));
		expect([...times].sort()).toEqual(times);
		const last = await listTickets(scope, f, Math.ceil(n / 50), 'created_at', 50);
		expect(last.rows.length).toBe(n - 50 * (Math.ceil(n / 50) - 1));
		for (const r of p1.rows) expect(r.subcategory).toBe('支付失败');
		await expect(listTickets(scope, f, 1, 'description; DROP')).rejects.toThrow(/sort is one of/);
	});

	it('exports CSV that a spreadsheet will not run', async () => {
		let csv = '';
		for await (const part of ticketsCsv(scope, parseFilterQuery('q=HYPERLINK'))) csv += part;
		const lines = csv.trim().split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(lines[1]).toContain("'+cmd|calc");
		// every filtered ticket is in the export
		let all = '';
		for await (const part of ticketsCsv(scope, parseFilterQuery('subcategory=支付失败'))) all += part;
		expect(all.trim().split('\r\n').length - 1).toBe(await count(store, "SELECT count(*) AS n FROM tickets WHERE subcategory = '支付失败'"));
		expect(sampleImport).toBeGreaterThan(0);
	});
});

describe('UCI incident log', () => {
	it('shows the weekday/weekend pattern in the daily trend', async () => {
		const s = await importFile(store, join(DATASETS, 'uci_incident_event_log.csv.gz'));
		const uci = await scopeFor(store);
		// only this import's incidents: they are the ones opened in 2016–2017
		const rows = (await trend(uci, parseFilterQuery('from=2016-01-01&to=2017-12-31'), 'day')).rows;
		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		const dow = (p: string) => new Date(`${p}T00:00:00Z`).getUTCDay();
		// the main months of the log (Mar–May 2016), where the README's figures come from
		const main = rows.filter((r) => r.period >= '2016-03-01' && r.period < '2016-06-01');
		const weekday = median(main.filter((r) => dow(r.period) >= 1 && dow(r.period) <= 5).map((r) => Number(r.count)));
		const weekend = median(main.filter((r) => dow(r.period) === 0 || dow(r.period) === 6).map((r) => Number(r.count)));
		expect(weekday).toBeGreaterThan(5 * weekend);
		const peak = rows.reduce((a, b) => (Number(b.count) > Number(a.count) ? b : a));
		expect(peak.period).toBe('2016-03-07');
		expect(s.rowsInserted).toBe(24_918);
	});
});
