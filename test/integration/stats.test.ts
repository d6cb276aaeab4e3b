// The dashboard's statistics on real data: the sample's April 支付失败 spike is
// found at week and month grain, Pareto totals equal the ticket count (sample and
// UCI log), every tile and cell drills down to exactly the tickets it counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { filterToQuery, parseFilterQuery } from '../../src/lib/filters';
import { importFile } from '../../src/lib/server/ingest/importer';
import { control } from '../../src/lib/server/analytics/control';
import { crosstab } from '../../src/lib/server/analytics/crosstab';
import { movers } from '../../src/lib/server/analytics/movers';
import { overview } from '../../src/lib/server/analytics/overview';
import { pareto } from '../../src/lib/server/analytics/pareto';
import { scopeFor, type Scope } from '../../src/lib/server/analytics/scope';
import { spikes } from '../../src/lib/server/analytics/spikes';
import { listTickets } from '../../src/lib/server/analytics/tickets';
import { periodWindow } from '../../src/lib/periods';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import type { Store } from '../../src/lib/server/db';
import { count, DATASETS, tempStore } from '../helpers/workspace';

let store: Store;
let cleanup: () => Promise<void>;
let scope: Scope;
let all: number;
beforeAll(async () => {
	({ store, cleanup } = await tempStore());
	await importFile(store, SAMPLE_PATH);
	scope = await scopeFor(store);
	all = await count(store, 'SELECT count(*) AS n FROM tickets');
});
afterAll(async () => cleanup());

const total = (f: string) => listTickets(scope, parseFilterQuery(f), 1, null, 1).then((p) => p.total);

describe('spikes on the sample', () => {
	it('finds the April 支付失败 spike at week grain', async () => {
		const rows = (await spikes(scope, { dims: {} }, 'week', 'subcategory')).rows.filter((r) => r.key === '支付失败');
		const april = rows.filter((r) => r.period >= '2024-04-01' && r.period < '2024-05-01');
		expect(april.length).toBeGreaterThanOrEqual(2);
		for (const r of april) {
			expect(r.p).toBeLessThan(0.01);
			expect(r.count).toBeGreaterThanOrEqual(5);
			expect(r.count).toBeGreaterThan(r.baseline);
		}
		// and nothing for it in the calm months before
		expect(rows.filter((r) => r.period < '2024-03-25')).toEqual([]);
	});

	it('finds it at month grain, with its baseline the mean of Jan–Mar', async () => {
		const rows = (await spikes(scope, { dims: {} }, 'month', 'subcategory')).rows;
		const april = rows.find((r) => r.key === '支付失败' && r.period === '2024-04')!;
		expect(april).toBeDefined();
		const monthly = (m: string) => count(store, `SELECT count(*) AS n FROM tickets WHERE subcategory = '支付失败' AND strftime(created_at, '%Y-%m') = '${m}'`);
		expect(april.count).toBe(await monthly('2024-04'));
		expect(april.baseline).toBeCloseTo(((await monthly('2024-01')) + (await monthly('2024-02')) + (await monthly('2024-03'))) / 3, 9);
		expect(april.changePct).toBeGreaterThan(150);
	});
});

describe('Pareto', () => {
	it.each(['subcategory', 'channel', 'error_code', 'priority', 'assignee', 'weekday', 'attr.客户诉求'])('%s: bars sum to the ticket count and cum % ends at 100 %', async (dim) => {
		const p = await pareto(scope, { dims: {} }, dim);
		expect(p.total).toBe(all);
		expect(p.rows.reduce((s, r) => s + r.count, 0)).toBe(all);
		expect(p.rows.at(-1)!.cumShare).toBeCloseTo(1, 12);
		expect(p.rows.length).toBeLessThanOrEqual(20);
	});

	it('folds the tail into "Other", and "Other" drills down to exactly its count', async () => {
		const p = await pareto(scope, { dims: {} }, 'attr.客户诉求', 'none', 5);
		expect(p.rows.map((r) => r.key).at(-1)).toBe('Other');
		const other = p.rows.at(-1)!;
		const shown = p.rows.slice(0, -1).map((r) => r.key);
		expect(await total(filterToQuery({ dims: {}, not: { 'attr.客户诉求': shown } }))).toBe(other.count);
	});

	it('weights by priority without changing the counts', async () => {
		const p = await pareto(scope, parseFilterQuery('from=2024-04-01&to=2024-04-30'), 'subcategory', 'priority');
		const plain = await pareto(scope, parseFilterQuery('from=2024-04-01&to=2024-04-30'), 'subcategory');
		expect(p.total).toBe(plain.total);
		expect(p.totalValue).toBe(p.rows.reduce((s, r) => s + r.value, 0));
		const pay = p.rows.find((r) => r.key === '支付失败')!;
		const n = (pr: string) => count(store, `SELECT count(*) AS n FROM tickets WHERE subcategory = '支付失败' AND priority = '${pr}' AND created_at >= '2024-04-01' AND created_at < '2024-05-01'`);
		expect(pay.value).toBe(3 * (await n('P0')) + 2 * (await n('P1')) + (pay.count - (await n('P0')) - (await n('P1'))));
	});
});

describe('top movers', () => {
	it('compares the window with the one just before it, with a Poisson p-value', async () => {
		const m = await movers(scope, parseFilterQuery('from=2024-04-01&to=2024-04-30'), 'subcategory');
		expect(m.previous).toEqual({ from: '2024-03-02', to: '2024-03-31' });
		const pay = m.rows.find((r) => r.key === '支付失败')!;
		expect(pay.current).toBe(await total('subcategory=支付失败&from=2024-04-01&to=2024-04-30'));
		expect(pay.previous).toBe(await total('subcategory=支付失败&from=2024-03-02&to=2024-03-31'));
		expect(pay.p).toBeLessThan(1e-6);
		expect(m.rows[0].key).toBe('支付失败'); // the largest absolute change
	});
});

describe('control charts', () => {
	it('p-chart of 支付失败 by week flags the April spike and offers Laney when overdispersed', async () => {
		const r = await control(scope, { dims: {} }, 'p', 'week', 'subcategory=支付失败');
		expect(r.points.length).toBe(26);
		const flagged = r.points.filter((p) => p.violations.includes(1)).map((p) => p.period);
		expect(flagged.some((p) => p >= '2024-04-01' && p < '2024-05-01')).toBe(true);
		// n is every ticket of the week, the value the effect's share of it
		for (const p of r.points.slice(12, 18)) {
			const w = periodWindow(p.period, 'week');
			expect(p.n).toBe(await total(`from=${w.from}&to=${w.to}`));
			expect(p.value * p.n!).toBeCloseTo(await total(`subcategory=支付失败&from=${w.from}&to=${w.to}`), 9);
		}
		expect(r.overdispersion).toBeGreaterThan(0);
	});

	it('c-chart counts and I-MR agree with the trend', async () => {
		const c = await control(scope, { dims: {} }, 'c', 'month', 'subcategory=支付失败');
		const i = await control(scope, { dims: {} }, 'imr', 'month', 'subcategory=支付失败');
		expect(c.points.map((p) => p.value)).toEqual(i.points.map((p) => p.value));
		expect(c.points.find((p) => p.period === '2024-04')!.value).toBe(await total('subcategory=支付失败&from=2024-04-01&to=2024-04-30'));
	});
});

describe('overview tiles', () => {
	it('compare the last full week with the one before, and each drills down to exactly its count', async () => {
		const o = await overview(scope, { dims: {} });
		expect(o.current).toEqual({ from: '2024-06-24', to: '2024-06-30', implicit: true });
		expect(o.previous).toEqual({ from: '2024-06-17', to: '2024-06-23' });
		for (const id of ['tickets', 'p0', 'backlog']) {
			const tile = o.tiles.find((t) => t.id === id)!;
			expect(await total(tile.drill)).toBe(tile.current);
		}
		// SLA: the drill lists exactly the breached tickets, and the rate is breached / measured
		for (const tile of o.tiles.filter((t) => t.id.startsWith('sla_'))) {
			const breached = await total(tile.drill);
			expect(tile.current).toBeCloseTo(tile.n!.current ? breached / tile.n!.current : NaN, 12);
		}
		const tickets = o.tiles.find((t) => t.id === 'tickets')!;
		expect(tickets.previous).toBe(await total('from=2024-06-17&to=2024-06-23'));
	});

	it('measure the SLA with the seeds limits: a P0 answered after 61 minutes is breached', async () => {
		const breached = await count(
			store,
			"SELECT count(*) AS n FROM tickets WHERE priority = 'P0' AND date_diff('minute', created_at, coalesce(first_response_at, resolved_at)) > 60"
		);
		expect(await total('priority=P0&sla=breached')).toBe(breached);
	});
});

describe('cross-tab and heatmap', () => {
	it('weekday × hour cells sum to the ticket count and drill down exactly', async () => {
		const x = await crosstab(scope, { dims: {} }, 'weekday', 'hour');
		expect(x.rows.reduce((s, r) => s + r.count, 0)).toBe(all);
		expect(x.rowKeys.map((k) => k.key).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
		const busiest = x.rows.reduce((a, b) => (b.count > a.count ? b : a));
		expect(await total(`weekday=${busiest.row}&hour=${busiest.col}`)).toBe(busiest.count);
	});

	it('folds each side to its top values, "Other" included in the sums', async () => {
		const x = await crosstab(scope, { dims: {} }, 'assignee', 'subcategory', 5);
		expect(x.rowKeys.length).toBeLessThanOrEqual(6);
		expect(x.rows.reduce((s, r) => s + r.count, 0)).toBe(all);
		await expect(crosstab(scope, { dims: {} }, 'channel', 'channel')).rejects.toThrow(/different/);
	});
});

describe('UCI incident log', () => {
	it('Pareto totals equal the ticket count', async () => {
		await importFile(store, join(DATASETS, 'uci_incident_event_log.csv.gz'));
		const uci = await scopeFor(store);
		const f = parseFilterQuery('from=2016-01-01&to=2017-12-31');
		const n = (await listTickets(uci, f, 1, null, 1)).total;
		expect(n).toBeGreaterThan(24_000);
		for (const dim of ['category', 'subcategory', 'priority', 'assignee', 'team']) {
			const p = await pareto(uci, f, dim);
			expect(p.total).toBe(n);
			expect(p.rows.reduce((s, r) => s + r.count, 0)).toBe(n);
		}
	});
});
