// The term index and the terms analysis on real files: the sample (April 支付失败),
// the GBK car complaints (车质网), the CFPB narratives; import, undo, re-import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseFilterQuery } from '../../src/lib/filters';
import { deleteImport, importFile } from '../../src/lib/server/ingest/importer';
import { scopeFor, type Scope } from '../../src/lib/server/analytics/scope';
import { emergingTerms, terms } from '../../src/lib/server/analytics/terms';
import { pareto } from '../../src/lib/server/analytics/pareto';
import { trend } from '../../src/lib/server/analytics/trend';
import { spikes } from '../../src/lib/server/analytics/spikes';
import { ticketsCsv } from '../../src/lib/server/analytics/tickets';
import { DEFAULT_STOP_WORDS } from '../../src/lib/server/text/stopwords';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import type { Store } from '../../src/lib/server/db';
import { count, DATASETS, tempStore, writeFile } from '../helpers/workspace';

let store: Store;
let dir: string;
let cleanup: () => Promise<void>;
/** The sample's dataset; `car` and `cfpb` are their own datasets. */
let scope: Scope;
let car: Scope;
let cfpb: Scope;
let carImport: number;
beforeAll(async () => {
	({ store, dir, cleanup } = await tempStore());
	const sample = await importFile(store, SAMPLE_PATH);
	const c = await importFile(store, join(DATASETS, 'car_complain_12365auto_gbk.csv'));
	carImport = c.importId;
	const f = await importFile(store, join(DATASETS, 'cfpb_complaints_sample.csv'));
	scope = await scopeFor(store, { id: sample.dataset.id });
	car = await scopeFor(store, { id: c.dataset.id });
	cfpb = await scopeFor(store, { id: f.dataset.id });
	expect(new Set([scope.dataset!.id, car.dataset!.id, cfpb.dataset!.id]).size).toBe(3);
}, 120_000);
afterAll(async () => cleanup());

const APRIL = 'subcategory=支付失败&from=2024-04-01&to=2024-04-30';
const Q1 = 'subcategory=支付失败&from=2024-01-01&to=2024-03-31';

describe('the index', () => {
	it('has a term list for every ticket with text', async () => {
		const withText = await count(store, "SELECT count(*) AS n FROM tickets WHERE coalesce(subject, '') <> '' OR coalesce(description, '') <> ''");
		const indexed = await count(store, 'SELECT count(*) AS n FROM ticket_terms WHERE len(term_ids) > 0');
		expect(indexed).toBeGreaterThan(0.98 * withText);
		expect(await count(store, 'SELECT count(*) AS n FROM (SELECT ticket_id FROM ticket_terms GROUP BY ALL HAVING count(*) > 1)')).toBe(0);
	});

	it('term=活动 keeps the tickets whose text mentions 活动 (the index agrees with the text)', async () => {
		const byText = await count(store, "SELECT count(*) AS n FROM tickets WHERE dataset_id = $d AND contains(coalesce(subject, '') || coalesce(description, ''), '活动')", { d: scope.dataset!.id });
		const byTerm = (await terms(scope, parseFilterQuery('term=活动'), null, 1)).total;
		expect(byTerm).toBeGreaterThan(0.9 * byText);
		expect(byTerm).toBeLessThanOrEqual(byText);
	});

	it('repeated term= means all of them; not.term drops them', async () => {
		const a = (await terms(scope, parseFilterQuery('term=活动'), null, 1)).total;
		const both = (await terms(scope, parseFilterQuery('term=活动&term=E2001'), null, 1)).total;
		const e = await count(store, "SELECT count(*) AS n FROM tickets WHERE dataset_id = $d AND contains(description, '活动') AND contains(description, 'E2001')", { d: scope.dataset!.id });
		expect(both).toBeLessThan(a);
		expect(both).toBeGreaterThan(0.9 * e);
		const all = (await terms(scope, parseFilterQuery('from=2024-01-01&to=2024-06-30'), null, 1)).total;
		const without = (await terms(scope, parseFilterQuery('from=2024-01-01&to=2024-06-30&not.term=活动'), null, 1)).total;
		expect(without).toBe(all - a);
	});
});

describe('GET /api/stats/terms logic', () => {
	it('April 支付失败 against Jan–Mar: the promotion terms and E2001 are the top over-represented terms', async () => {
		const r = await terms(scope, parseFilterQuery(APRIL), parseFilterQuery(Q1), 10);
		expect(r.total).toBeGreaterThan(100);
		expect(r.baselineTotal).toBeGreaterThan(50);
		const top = r.rows.slice(0, 5).map((x) => x.term);
		expect(top).toContain('活动');
		expect(top).toContain('E2001');
		for (const row of r.rows) {
			expect(row.count).toBeGreaterThanOrEqual(5);
			expect(row.lift).toBeGreaterThan(1);
			expect(row.p).toBeLessThan(0.05);
		}
		// most significant first
		const ps = r.rows.map((x) => x.p!);
		expect([...ps].sort((a, b) => a - b)).toEqual(ps);
	});

	it('a baseline like the effect finds nothing over-represented', async () => {
		const r = await terms(scope, parseFilterQuery(Q1), parseFilterQuery(Q1), 10);
		expect(r.rows).toEqual([]);
	});

	it('the car complaints’ most frequent terms are real words, not single characters or stop words', async () => {
		const r = await terms(car, parseFilterQuery('from=2020-06-01&to=2020-06-30'), null, 30);
		expect(r.total).toBe(300);
		for (const row of r.rows) {
			expect([...row.term].length).toBeGreaterThanOrEqual(2);
			expect(DEFAULT_STOP_WORDS.has(row.term)).toBe(false);
		}
		const words = r.rows.map((x) => x.term);
		for (const w of ['异响', '变速箱', '发动机']) expect(words).toContain(w);
	});

	it('the CFPB narratives’ frequent terms are English words and phrases, redactions dropped', async () => {
		const r = await terms(cfpb, parseFilterQuery('from=2010-01-01&to=2020-12-31'), null, 40);
		const words = r.rows.map((x) => x.term);
		expect(words).toContain('credit');
		expect(words).toContain('credit report');
		expect(words.some((w) => /^x+$/.test(w))).toBe(false);
		for (const w of ['the', 'and', 'is', 'my']) expect(words).not.toContain(w);
	});
});

describe('term as a dimension', () => {
	it('Pareto of terms, trend and spikes of a term, CSV export of term= tickets', async () => {
		const p = await pareto(scope, parseFilterQuery('subcategory=支付失败'), 'term', 'none', 10);
		expect(p.rows.map((r) => r.key)).toContain('活动');
		const t = (await trend(scope, parseFilterQuery('term=E2001'), 'month')).rows;
		const by = Object.fromEntries(t.map((r) => [r.period, Number(r.count)]));
		expect(by['2024-04']).toBeGreaterThan(3 * (by['2024-03'] ?? 0));
		const s = await spikes(scope, parseFilterQuery('from=2024-01-01&to=2024-06-30'), 'week', 'term');
		expect(s.rows.some((r) => r.key === '活动' && r.period >= '2024-04-01' && r.period < '2024-05-01')).toBe(true);
		let csv = '';
		for await (const line of ticketsCsv(scope, parseFilterQuery('term=E2001&from=2024-04-01&to=2024-04-30'))) csv += line;
		const lines = csv.trim().split('\n').length - 1;
		expect(lines).toBe((await terms(scope, parseFilterQuery('term=E2001&from=2024-04-01&to=2024-04-30'), null, 1)).total);
	});
});

describe('emerging terms', () => {
	it('are the spikes of the term dimension for the weeks asked, 活动 in April', async () => {
		const history = parseFilterQuery('from=2024-01-01&to=2024-04-21');
		const em = await emergingTerms(scope, history, '2024-04-08', 500);
		expect(em.map((e) => e.key)).toContain('活动');
		const generic = (await spikes(scope, history, 'week', 'term')).rows.filter((r) => r.period >= '2024-04-08');
		const key = (r: { period: string; key: string; count: number }) => `${r.period}|${r.key}|${r.count}`;
		expect(em.map(key).sort()).toEqual(generic.map(key).sort());
	});
});

describe('import, undo, re-import', () => {
	it('undo removes the terms of the import’s tickets; importing again rebuilds them', async () => {
		const carTerms = () => count(store, 'SELECT count(*) AS n FROM ticket_terms WHERE dataset_id = $d', { d: car.dataset!.id });
		expect(await carTerms()).toBe(300);
		const before = await count(store, 'SELECT count(*) AS n FROM ticket_terms');
		await deleteImport(store, carImport);
		expect(await count(store, 'SELECT count(*) AS n FROM ticket_terms')).toBe(before - 300);
		expect(await carTerms()).toBe(0);
		expect(await count(store, 'SELECT count(*) AS n FROM ticket_terms tt ANTI JOIN tickets t ON t.dataset_id = tt.dataset_id AND t.ticket_id = tt.ticket_id')).toBe(0);
		const again = await importFile(store, join(DATASETS, 'car_complain_12365auto_gbk.csv'), { dataset: car.dataset!.name });
		expect(again.dataset.id).toBe(car.dataset!.id);
		expect(await carTerms()).toBe(300);
		expect(await count(store, 'SELECT count(*) AS n FROM ticket_terms')).toBe(before);
	});

	it('a changed ticket gets its new terms; undoing the change puts the old terms back', async () => {
		const file = (text: string) => writeFile(dir, `one-${text.length}.csv`, `id,created,subject,description\nT-1,2024-06-30 10:00,退款,${text}\n`);
		const termsOf = async (term: string) => (await terms(scope, parseFilterQuery(`term=${term}`), null, 1)).total;
		const [h0, c0] = [await termsOf('花呗'), await termsOf('超时')];
		const into = { dataset: scope.dataset!.name };
		const first = await importFile(store, file('花呗付款失败'), into);
		expect(await termsOf('花呗')).toBe(h0 + 1);
		const second = await importFile(store, file('银行卡付款超时很久'), into);
		expect(second.rowsUpdated).toBe(1);
		expect(await termsOf('花呗')).toBe(h0);
		expect(await termsOf('超时')).toBe(c0 + 1);
		await deleteImport(store, second.importId);
		expect(await termsOf('花呗')).toBe(h0 + 1);
		expect(await termsOf('超时')).toBe(c0);
		await deleteImport(store, first.importId);
		expect(await termsOf('花呗')).toBe(h0);
	});
});
