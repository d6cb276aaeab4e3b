import { describe, expect, it } from 'vitest';
import { boneFor, compareRates, compareShares, rankSuggestions, resultOf, verdictOf } from '../../src/lib/rca/compare';
import { baselineFor, problemStatement } from '../../src/lib/rca/draft';
import { buildTree, canMove, canReparent, depth, statusAfter, subtreeIds } from '../../src/lib/rca/model';

const rows = [
	{ id: 1, parentId: null, position: 2 },
	{ id: 2, parentId: 1, position: 1 },
	{ id: 3, parentId: 2, position: 1 },
	{ id: 4, parentId: null, position: 1 },
	{ id: 5, parentId: 99, position: 3 } // parent gone
];

describe('cause and why trees', () => {
	it('nest in position order; an orphan becomes a root', () => {
		const t = buildTree(rows);
		expect(t.map((n) => n.id)).toEqual([4, 1, 5]);
		expect(t[1].children[0].children[0].id).toBe(3);
		expect(depth(rows, 3)).toBe(3);
	});
	it('delete takes the subtree; a node cannot move under itself or below', () => {
		expect(subtreeIds(rows, 1).sort()).toEqual([1, 2, 3]);
		expect(canReparent(rows, 1, 3)).toBe(false);
		expect(canReparent(rows, 1, 1)).toBe(false);
		expect(canReparent(rows, 3, 4)).toBe(true);
		expect(canReparent(rows, 2, null)).toBe(true);
	});
});

describe('status and state rules', () => {
	it('a verification result decides the status', () => {
		expect(statusAfter('confirmed')).toBe('verified');
		expect(statusAfter('refuted')).toBe('refuted');
		expect(statusAfter('inconclusive')).toBe('inconclusive');
	});
	it('a case moves one step at a time, or closes', () => {
		expect(canMove('new', 'analysing')).toBe(true);
		expect(canMove('new', 'fixing')).toBe(false);
		expect(canMove('fixing', 'analysing')).toBe(true);
		expect(canMove('analysing', 'closed')).toBe(true);
	});
});

describe('comparisons', () => {
	it('shares: 30/100 vs 10/100 is significant and confirms', () => {
		const f = compareShares({ count: 30, exposure: 100 }, { count: 10, exposure: 100 });
		expect(f.a.rate).toBe(0.3);
		expect(f.test).toBe('two_proportion_z');
		// z = 0.2 / sqrt(0.2·0.8·0.02) = 3.5355 → two-sided p = 0.000407
		expect(f.p).toBeCloseTo(0.000407, 5);
		expect(resultOf(f)).toBe('confirmed');
		expect(resultOf(compareShares({ count: 10, exposure: 100 }, { count: 30, exposure: 100 }))).toBe('refuted');
		expect(resultOf(compareShares({ count: 11, exposure: 100 }, { count: 10, exposure: 100 }))).toBe('inconclusive');
	});
	it('rates: fewer per day after a fix is improved', () => {
		const f = compareRates({ count: 60, exposure: 28 }, { count: 20, exposure: 28 });
		expect(f.test).toBe('poisson_rate');
		expect(verdictOf(f)).toBe('improved');
		expect(verdictOf(compareRates({ count: 20, exposure: 28 }, { count: 60, exposure: 28 }))).toBe('worse');
		expect(verdictOf(compareRates({ count: 20, exposure: 28 }, { count: 22, exposure: 28 }))).toBe('no_change');
	});
});

describe('suggested causes', () => {
	// 100 effect tickets in the window, 90 in the baseline, 1,000 other tickets in the window
	const base = { windowTotal: 100, baselineTotal: 90, backgroundTotal: 1000 };
	const ranked = rankSuggestions([
		// the real cause: common in the effect now, rare before and rare elsewhere
		{ dim: 'error_code', key: 'E2001', count: 70, baseline: 3, background: 10, ...base },
		// a new product version: common now for every ticket, so not specific to the effect
		{ dim: 'product', key: 'V3.2', count: 80, baseline: 2, background: 790, ...base },
		// always part of the effect: over-represented, but no more than in the baseline
		{ dim: 'channel', key: 'APP', count: 60, baseline: 58, background: 300, ...base },
		// too few tickets to say
		{ dim: 'region', key: '西北', count: 4, baseline: 0, background: 1, ...base },
		// a modest real shift
		{ dim: 'team', key: '二线', count: 30, baseline: 15, background: 150, ...base }
	]);
	it('ranks the value specific to the effect and new with it first, on its bone', () => {
		expect(ranked.map((s) => s.key)).toEqual(['E2001', '二线']);
		expect(ranked[0]).toMatchObject({ dim: 'error_code', bone: 'machine' });
		expect(ranked[0].lift).toBeCloseTo(0.7 / (10.5 / 1001), 6);
	});
	it('maps dimensions to the seeds’ bones', () => {
		expect([boneFor('error_code'), boneFor('team'), boneFor('product'), boneFor('channel'), boneFor('subcategory'), boneFor('attr.地区')]).toEqual([
			'machine',
			'man',
			'material',
			'environment',
			'measurement',
			'environment'
		]);
	});
});

describe('a case draft', () => {
	it('compares a month with the month before, in the seeds’ words', () => {
		const w = { from: '2024-04-01', to: '2024-04-30' };
		const b = baselineFor(w);
		expect(b).toEqual({ from: '2024-03-01', to: '2024-03-31' });
		// per day: 166/30 against 45/31 → +281 %
		expect(problemStatement({ dims: { subcategory: ['支付失败'] } }, w, b, { window: 166, baseline: 45 })).toBe('2024年4月 支付失败 较上月上升281%（166 张，上期 45 张）');
	});
	it('compares any other window with the same number of days before it', () => {
		expect(baselineFor({ from: '2024-04-08', to: '2024-04-14' })).toEqual({ from: '2024-04-01', to: '2024-04-07' });
		expect(problemStatement({ dims: { channel: ['APP'] } }, { from: '2024-04-08', to: '2024-04-14' }, { from: '2024-04-01', to: '2024-04-07' }, { window: 10, baseline: 20 })).toBe(
			'2024-04-08 – 2024-04-14 APP 较上期下降50%（10 张，上期 20 张）'
		);
	});
});
