import { describe, expect, it } from 'vitest';
import {
	binomialCdf,
	cChart,
	findSpikes,
	imrChart,
	normalCdf,
	pareto,
	pChart,
	poissonRateTest,
	poissonUpperTail,
	twoProportionZ,
	westernElectric,
	type SpikeInput
} from '../../src/lib/stats';

// Every expected number below is worked out by hand in the comment next to it.

describe('pareto', () => {
	it('orders bars by value descending, keeps Other last, and accumulates shares', () => {
		const r = pareto([
			{ key: 'a', count: 10 },
			{ key: 'b', count: 50 },
			{ key: 'Other', count: 5 },
			{ key: 'c', count: 35 }
		]);
		// total = 10 + 50 + 5 + 35 = 100
		expect(r.total).toBe(100);
		expect(r.rows.map((x) => x.key)).toEqual(['b', 'c', 'a', 'Other']);
		// shares: 50/100, 35/100, 10/100, 5/100
		expect(r.rows.map((x) => x.share)).toEqual([0.5, 0.35, 0.1, 0.05]);
		// cumulative: 50/100, 85/100, 95/100, 100/100
		const cum = r.rows.map((x) => x.cumShare);
		[0.5, 0.85, 0.95, 1].forEach((v, i) => expect(cum[i]).toBeCloseTo(v, 12));
		// vital: b (0.5 < 0.8) and c (0.85 is the first to reach 0.8)
		expect(r.rows.map((x) => x.vital)).toEqual([true, true, false, false]);
		// weight 'none' ⇒ value = count
		expect(r.rows.map((x) => x.value)).toEqual([50, 35, 10, 5]);
	});

	it('keeps Other last even when it is the largest bar', () => {
		const r = pareto([
			{ key: 'Other', count: 60 },
			{ key: 'x', count: 40 }
		]);
		expect(r.rows.map((x) => x.key)).toEqual(['x', 'Other']);
		// cum: 40/100 = 0.4 (< 0.8), then 100/100 = 1 ⇒ both vital
		expect(r.rows.map((x) => x.cumShare)).toEqual([0.4, 1]);
		expect(r.rows.map((x) => x.vital)).toEqual([true, true]);
	});

	it('cuts the vital few exactly at the bar that lands on 0.8', () => {
		// cum: 50/100 = 0.5, 80/100 = 0.8 (lands exactly), 100/100 = 1
		const r = pareto([
			{ key: 'z', count: 20 },
			{ key: 'x', count: 50 },
			{ key: 'y', count: 30 }
		]);
		expect(r.rows.map((x) => x.key)).toEqual(['x', 'y', 'z']);
		expect(r.rows[1].cumShare).toBe(0.8);
		expect(r.rows.map((x) => x.vital)).toEqual([true, true, false]);

		// total 10: 4/10 = 0.4, 8/10 = 0.8 (exact), 10/10 = 1
		const r2 = pareto([
			{ key: 'p', count: 4 },
			{ key: 'q', count: 4 },
			{ key: 's', count: 2 }
		]);
		expect(r2.rows.map((x) => x.vital)).toEqual([true, true, false]);
	});

	it('includes the first bar that crosses 0.8 and nothing after it', () => {
		// cum: 79/100 = 0.79 (< 0.8), 90/100 = 0.9 (first ≥ 0.8), 100/100
		const r = pareto([
			{ key: 'a', count: 79 },
			{ key: 'b', count: 11 },
			{ key: 'c', count: 10 }
		]);
		expect(r.rows.map((x) => x.vital)).toEqual([true, true, false]);
		// first bar alone past 0.8: 85/100 ⇒ only it is vital
		const r2 = pareto([
			{ key: 'a', count: 85 },
			{ key: 'b', count: 10 },
			{ key: 'c', count: 5 }
		]);
		expect(r2.rows.map((x) => x.vital)).toEqual([true, false, false]);
	});

	it('folds keys beyond the top maxBars − 1 into Other (and an input Other key too)', () => {
		const r = pareto(
			[
				{ key: 'a', count: 40 },
				{ key: 'b', count: 30 },
				{ key: 'c', count: 12 },
				{ key: 'd', count: 6 },
				{ key: '其他', count: 2 },
				{ key: 'e', count: 10 }
			],
			{ maxBars: 3, otherKey: '其他' }
		);
		// kept: a (40), b (30); 其他 = c 12 + e 10 + d 6 + input 2 = 30; total 100
		expect(r.rows.map((x) => [x.key, x.count])).toEqual([
			['a', 40],
			['b', 30],
			['其他', 30]
		]);
		expect(r.total).toBe(100);
		// cum 0.4, 0.7, 1.0
		expect(r.rows.map((x) => x.cumShare)).toEqual([0.4, 0.7, 1]);
	});

	it('does not fold when the bars fit in maxBars; duplicate keys are summed', () => {
		const r = pareto(
			[
				{ key: 'a', count: 3 },
				{ key: 'b', count: 2 },
				{ key: 'a', count: 4 }
			],
			{ maxBars: 2 }
		);
		// a = 3 + 4 = 7, b = 2 ⇒ 2 bars ≤ maxBars 2, no Other
		expect(r.rows.map((x) => [x.key, x.count])).toEqual([
			['a', 7],
			['b', 2]
		]);
	});

	it('weights by priority (P0 = 3, P1 = 2, P2 = P3 = 1) and takes shares of the weighted value', () => {
		const rows = [
			{ key: 'A', count: 10, priorityCounts: { P0: 2, P1: 3, P2: 5 } }, // 2·3 + 3·2 + 5·1 = 17
			{ key: 'B', count: 12, priorityCounts: { P3: 12 } }, // 12·1 = 12
			{ key: 'C', count: 4, priorityCounts: { P0: 4 } }, // 4·3 = 12
			{ key: 'D', count: 20, priorityCounts: { P2: 1 } } // 1·1 + 19 without priority ·1 = 20
		];
		const r = pareto(rows, { weight: 'priority' });
		// total = 17 + 12 + 12 + 20 = 61
		expect(r.total).toBe(61);
		// D 20, A 17, then B/C tie at 12 broken by count (12 before 4)
		expect(r.rows.map((x) => x.key)).toEqual(['D', 'A', 'B', 'C']);
		expect(r.rows.map((x) => x.value)).toEqual([20, 17, 12, 12]);
		expect(r.rows.map((x) => x.count)).toEqual([20, 10, 12, 4]);
		// shares of value: 20/61 = 0.327869, cum 37/61 = 0.606557, 49/61 = 0.803279, 61/61 = 1
		expect(r.rows[0].share).toBeCloseTo(0.327869, 6);
		expect(r.rows[1].cumShare).toBeCloseTo(0.606557, 6);
		expect(r.rows[2].cumShare).toBeCloseTo(0.803279, 6);
		expect(r.rows.map((x) => x.vital)).toEqual([true, true, true, false]);

		// unweighted the same rows give D 20, B 12, A 10, C 4 (total 46)
		expect(pareto(rows).rows.map((x) => x.key)).toEqual(['D', 'B', 'A', 'C']);

		// custom weight P0 = 10: A = 2·10 + 3·2 + 5 = 31, C = 4·10 = 40
		const r3 = pareto(rows, { weight: 'priority', weights: { P0: 10 } });
		expect(r3.rows.map((x) => [x.key, x.value])).toEqual([
			['C', 40],
			['A', 31],
			['D', 20],
			['B', 12]
		]);
	});

	it('handles empty input and zero totals', () => {
		expect(pareto([])).toEqual({ total: 0, rows: [] });
		const r = pareto([{ key: 'a', count: 0 }]);
		expect(r.rows[0]).toMatchObject({ share: 0, cumShare: 0, vital: false });
	});
});

describe('poissonUpperTail', () => {
	it('matches hand sums for small λ', () => {
		// P(X ≥ 5 | 2) = 1 − e^−2 (1 + 2 + 2²/2 + 2³/6 + 2⁴/24) = 1 − 7e^−2
		//              = 1 − 7 · 0.1353352832 = 1 − 0.9473469827 = 0.0526530173
		expect(poissonUpperTail(5, 2)).toBeCloseTo(0.0526530173, 9);
		// P(X ≥ 1 | 3) = 1 − e^−3 = 1 − 0.0497870684 = 0.9502129316
		expect(poissonUpperTail(1, 3)).toBeCloseTo(0.9502129316, 9);
		// P(X ≥ 3 | 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125) = 1 − 0.6065306597 · 1.625 = 1 − 0.9856123220 = 0.0143876780
		expect(poissonUpperTail(3, 0.5)).toBeCloseTo(0.014387678, 9);
		// P(X ≥ 0) = 1; λ = 0 puts all mass on 0
		expect(poissonUpperTail(0, 5)).toBe(1);
		expect(poissonUpperTail(1, 0)).toBe(0);
	});

	it('is accurate in the far tail (relative)', () => {
		// P(X ≥ 10 | 1) ≈ dominated by P(X = 10) = e^−1/10! = 0.3678794412/3628800 = 1.01377e-7;
		// the whole tail = e^−1 Σ_{j≥10} 1/j! = 0.3678794412 · (1/10!)(1 + 1/11 + 1/132 + 1/1716 + …)
		//                = 1.0137771e-7 · (1 + 0.0909091 + 0.0075758 + 0.0005828 + 0.0000416 + 0.0000028) = 1.0137771e-7 · 1.0991121 = 1.114255e-7
		expect(poissonUpperTail(10, 1) / 1.114255e-7).toBeCloseTo(1, 4);
	});

	it('agrees with the normal approximation for large λ and does not overflow', () => {
		// λ = 1e6, k = λ + 1000: z = (k − 0.5 − λ)/√λ = 999.5/1000 = 0.9995
		// 1 − Φ(0.9995) ≈ 1 − (Φ(1) − 0.0005·φ(1)) = 1 − (0.8413447 − 0.0005·0.2419707) = 0.1587763
		expect(poissonUpperTail(1e6 + 1000, 1e6)).toBeCloseTo(0.1587763, 4);
		// k = λ: just over one half, 0.5 + O(1/√λ)
		expect(Math.abs(poissonUpperTail(1e6, 1e6) - 0.5)).toBeLessThan(0.001);
		// extreme arguments stay finite and in [0, 1]
		expect(poissonUpperTail(1e6, 1)).toBe(0);
		expect(poissonUpperTail(1, 1e6)).toBe(1);
	});
});

describe('normalCdf', () => {
	it('matches table values', () => {
		expect(normalCdf(0)).toBe(0.5);
		expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 7); // table: Φ(1.96) = 0.9750021
		expect(normalCdf(-1)).toBeCloseTo(0.1586553, 7); // table: Φ(−1) = 0.1586553
		expect(normalCdf(2.5758293)).toBeCloseTo(0.995, 7); // the 99.5 % quantile
		// symmetry Φ(−z) = 1 − Φ(z)
		expect(normalCdf(-0.7) + normalCdf(0.7)).toBeCloseTo(1, 14);
	});
});

describe('twoProportionZ', () => {
	it('60/100 vs 40/100', () => {
		// pooled = 100/200 = 0.5; se = √(0.5·0.5·(1/100 + 1/100)) = √0.005 = 0.0707107
		// z = (0.6 − 0.4)/0.0707107 = 2.828427 (= 2√2); p = 2(1 − Φ(2√2)) = erfc(2) = 0.0046777
		const r = twoProportionZ(60, 100, 40, 100);
		expect(r.z).toBeCloseTo(2.828427, 6);
		expect(r.p).toBeCloseTo(0.0046777, 6);
		// swapping the groups flips the sign of z only
		const s = twoProportionZ(40, 100, 60, 100);
		expect(s.z).toBeCloseTo(-2.828427, 6);
		expect(s.p).toBeCloseTo(r.p, 12);
	});

	it('30/200 vs 20/200', () => {
		// pooled = 50/400 = 0.125; se = √(0.125·0.875·(2/200)) = √0.00109375 = 0.0330719
		// z = 0.05/0.0330719 = 1.511858; Φ(1.511858) ≈ 0.93448 + 0.1858·(0.93574 − 0.93448) = 0.934714
		// p ≈ 2(1 − 0.934714) = 0.13057
		const r = twoProportionZ(30, 200, 20, 200);
		expect(r.z).toBeCloseTo(1.511858, 5);
		expect(r.p).toBeCloseTo(0.13057, 3);
	});

	it('no difference / degenerate', () => {
		expect(twoProportionZ(0, 10, 0, 20)).toEqual({ z: 0, p: 1 });
		expect(twoProportionZ(5, 10, 10, 20).p).toBeCloseTo(1, 12);
	});
});

describe('binomialCdf', () => {
	it('small cases by hand', () => {
		// n = 4, p = 1/2: P(X ≤ 2) = (1 + 4 + 6)/16 = 11/16
		expect(binomialCdf(2, 4, 0.5)).toBeCloseTo(11 / 16, 12);
		// n = 3, p = 0.2: P(X ≤ 0) = 0.8³ = 0.512
		expect(binomialCdf(0, 3, 0.2)).toBeCloseTo(0.512, 12);
		// n = 5, p = 0.3: P(X ≤ 4) = 1 − 0.3⁵ = 1 − 0.00243 = 0.99757
		expect(binomialCdf(4, 5, 0.3)).toBeCloseTo(0.99757, 12);
		expect(binomialCdf(-1, 5, 0.3)).toBe(0);
		expect(binomialCdf(5, 5, 0.3)).toBe(1);
	});

	it('large n without overflow', () => {
		// n = 1e7, p = ½, k = n/2: ½ + P(X = n/2)/2 ≈ ½ + 1/(2√(2π·n/4)) = 0.5 + 1/(2·3963.327) = 0.5001262
		expect(binomialCdf(5e6, 1e7, 0.5)).toBeCloseTo(0.5001262, 6);
	});
});

describe('poissonRateTest', () => {
	it('5 vs 1 events with equal exposure', () => {
		// n = 6, p = 1/(1+1) = 0.5; P(X ≥ 5) = (C(6,5) + C(6,6))/2⁶ = 7/64; P(X ≤ 5) = 63/64
		// p = 2 · 7/64 = 14/64 = 0.21875
		const r = poissonRateTest(5, 1, 1, 1);
		expect(r.rate1).toBe(5);
		expect(r.rate2).toBe(1);
		expect(r.p).toBeCloseTo(0.21875, 12);
	});

	it('8 vs 1 events over 2 weeks each', () => {
		// rates 8/2 = 4, 1/2 = 0.5; n = 9, p = 0.5; P(X ≥ 8) = (9 + 1)/512; p = 20/512 = 0.0390625
		const r = poissonRateTest(8, 2, 1, 2);
		expect(r.rate1).toBe(4);
		expect(r.rate2).toBe(0.5);
		expect(r.p).toBeCloseTo(0.0390625, 12);
	});

	it('unequal exposures', () => {
		// k1 = 0 over 1, k2 = 4 over 3: p0 = 1/4, n = 4; P(X ≤ 0) = (3/4)⁴ = 81/256
		// p = 2 · 81/256 = 0.6328125
		const r = poissonRateTest(0, 1, 4, 3);
		expect(r.rate2).toBeCloseTo(4 / 3, 12);
		expect(r.p).toBeCloseTo(0.6328125, 12);
		// a large expected tail is capped at 1: 1 vs 3 over 1 vs 3 ⇒ p0 = 1/4, n = 4, k1 = 1 = mean
		// P(X ≤ 1) = (81 + 4·27)/256 = 189/256, P(X ≥ 1) = 175/256 ⇒ 2·175/256 > 1 ⇒ 1
		expect(poissonRateTest(1, 1, 3, 3).p).toBe(1);
	});
});

describe('findSpikes', () => {
	const months = (n: number) => Array.from({ length: n }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);

	it('uses only previous periods for the baseline and treats missing rows as 0', () => {
		const rows: SpikeInput[] = [
			{ period: '2024-01', key: 'A', count: 2 },
			{ period: '2024-02', key: 'A', count: 3 },
			{ period: '2024-03', key: 'A', count: 1 },
			{ period: '2024-04', key: 'B', count: 1 }, // A absent in 04 ⇒ 0
			{ period: '2024-05', key: 'A', count: 10 },
			{ period: '2024-06', key: 'A', count: 100 }
		];
		const s = findSpikes(rows);
		const may = s.find((x) => x.period === '2024-05')!;
		// baseline = (2 + 3 + 1 + 0)/4 = 1.5; changePct = (10 − 1.5)/1.5 · 100 = 566.67
		expect(may.baseline).toBeCloseTo(1.5, 12);
		expect(may.changePct).toBeCloseTo(566.6667, 3);
		expect(may.p).toBeLessThan(0.01);
		const jun = s.find((x) => x.period === '2024-06')!;
		// baseline = (2 + 3 + 1 + 0 + 10)/5 = 3.2; changePct = (100 − 3.2)/3.2 · 100 = 3025
		expect(jun.baseline).toBeCloseTo(3.2, 12);
		expect(jun.changePct).toBeCloseTo(3025, 9);
		expect(s).toHaveLength(2);
	});

	it('uses at most the previous 8 periods', () => {
		const ps = months(10);
		const rows: SpikeInput[] = ps.map((period, i) => ({ period, key: 'A', count: i === 0 ? 50 : i === 9 ? 9 : 1 }));
		const s = findSpikes(rows);
		// for month 10 the window is months 2–9: (8 · 1)/8 = 1 (month 1's 50 is outside)
		// changePct = (9 − 1)/1 · 100 = 800
		expect(s).toHaveLength(1);
		expect(s[0]).toMatchObject({ period: '2024-10', key: 'A', count: 9, baseline: 1, changePct: 800 });
		// with window 9 month 1 is included: (50 + 8)/9 = 6.444 and 9 is no longer significant
		expect(findSpikes(rows, { window: 9 })).toHaveLength(0);
	});

	it('needs at least 3 present periods', () => {
		const rows: SpikeInput[] = [
			{ period: '2024-01', key: 'A', count: 1 },
			{ period: '2024-02', key: 'A', count: 1 },
			{ period: '2024-03', key: 'A', count: 10 }
		];
		// only 2 previous periods ⇒ nothing
		expect(findSpikes(rows)).toEqual([]);
		// a period that exists for another key counts as present (A = 0 there)
		const s = findSpikes([{ period: '2023-12', key: 'B', count: 4 }, ...rows]);
		// baseline = (0 + 1 + 1)/3 = 0.6667; changePct = (10 − 2/3)/(2/3) · 100 = 1400
		expect(s).toHaveLength(1);
		expect(s[0].baseline).toBeCloseTo(2 / 3, 12);
		expect(s[0].changePct).toBeCloseTo(1400, 9);
		// minPresent 2 allows the short history
		expect(findSpikes(rows, { minPresent: 2 })).toHaveLength(1);
	});

	it('needs at least 5 tickets', () => {
		const base: SpikeInput[] = [
			{ period: '2024-01', key: 'A', count: 1 },
			{ period: '2024-02', key: 'B', count: 1 },
			{ period: '2024-03', key: 'A', count: 1 },
			{ period: '2024-04', key: 'B', count: 1 }
		];
		// baseline for A = (1 + 0 + 1 + 0)/4 = 0.5
		// count 4: P(X ≥ 4 | 0.5) = 1 − e^−0.5(1 + 0.5 + 0.125 + 0.0208333) = 0.0017516 < 0.01, but 4 < 5
		expect(findSpikes([...base, { period: '2024-05', key: 'A', count: 4 }])).toEqual([]);
		// count 5: P(X ≥ 5 | 0.5) = 1 − e^−0.5(1 + 0.5 + 0.125 + 0.0208333 + 0.0026042) = 1 − 0.6065307 · 1.6484375 = 1 − 0.9998279 = 1.7212e-4
		const s = findSpikes([...base, { period: '2024-05', key: 'A', count: 5 }]);
		expect(s).toHaveLength(1);
		expect(s[0].p / 1.7212e-4).toBeCloseTo(1, 3);
		// changePct = (5 − 0.5)/0.5 · 100 = 900
		expect(s[0].changePct).toBeCloseTo(900, 9);
	});

	it('reports the change in % and ignores non-significant rises', () => {
		const rows: SpikeInput[] = [
			{ period: '2024-01', key: 'A', count: 10 },
			{ period: '2024-02', key: 'A', count: 20 },
			{ period: '2024-03', key: 'A', count: 30 },
			{ period: '2024-04', key: 'A', count: 40 },
			{ period: '2024-01', key: 'C', count: 4 },
			{ period: '2024-02', key: 'C', count: 4 },
			{ period: '2024-03', key: 'C', count: 4 },
			{ period: '2024-04', key: 'C', count: 6 }
		];
		const s = findSpikes(rows);
		// A: baseline (10 + 20 + 30)/3 = 20; changePct (40 − 20)/20 · 100 = 100
		//    z ≈ (39.5 − 20)/√20 = 4.36 ⇒ p far below 0.01
		// C: baseline 4, count 6: P(X ≥ 6 | 4) = 1 − e^−4(1 + 4 + 8 + 10.667 + 10.667 + 8.533) = 1 − 0.0183156·42.867 = 0.2149 ⇒ no
		expect(s).toHaveLength(1);
		expect(s[0]).toMatchObject({ key: 'A', baseline: 20, changePct: 100 });
		expect(s[0].p).toBeLessThan(0.001);
		// 20 → 23 is "上升15%": (23 − 20)/20 · 100 = 15, flagged once alpha allows it
		const s2 = findSpikes(
			[...rows.filter((r) => r.key === 'A' && r.period !== '2024-04'), { period: '2024-04', key: 'A', count: 23 }],
			{ alpha: 0.5 }
		);
		expect(s2[0].changePct).toBeCloseTo(15, 9);
	});
});

describe('pChart', () => {
	it('limits vary with n', () => {
		const r = pChart([
			{ period: 'w1', count: 10, n: 100 },
			{ period: 'w2', count: 30, n: 200 },
			{ period: 'w3', count: 20, n: 100 }
		]);
		// p̄ = (10 + 30 + 20)/(100 + 200 + 100) = 60/400 = 0.15; p̄(1 − p̄) = 0.1275
		// n = 100: σ = √(0.1275/100) = √0.001275 = 0.03570714; 3σ = 0.10712143 ⇒ UCL 0.25712143, LCL 0.04287857
		// n = 200: σ = √(0.1275/200) = √0.0006375 = 0.02524876; 3σ = 0.07574628 ⇒ UCL 0.22574628, LCL 0.07425372
		const [a, b, c] = r.points;
		expect(a.cl).toBeCloseTo(0.15, 12);
		expect(a.value).toBeCloseTo(0.1, 12);
		expect(b.value).toBeCloseTo(0.15, 12);
		expect(a.n).toBe(100);
		expect(a.sigma).toBeCloseTo(0.0357071, 7);
		expect(a.ucl).toBeCloseTo(0.25712143, 7);
		expect(a.lcl).toBeCloseTo(0.04287857, 7);
		expect(b.sigma).toBeCloseTo(0.0252488, 7);
		expect(b.ucl).toBeCloseTo(0.22574628, 7);
		expect(b.lcl).toBeCloseTo(0.07425372, 7);
		expect(c.ucl).toBeCloseTo(a.ucl, 12);
		expect(r.points.every((p) => p.violations.length === 0)).toBe(true);
	});

	it('clips limits to [0, 1]', () => {
		// p̄ = (1 + 0 + 0 + 1)/40 = 0.05; σ = √(0.05·0.95/10) = √0.00475 = 0.06892024; 3σ = 0.20676073
		// UCL = 0.05 + 0.20676073 = 0.25676073; LCL = 0.05 − 0.20676073 < 0 ⇒ 0
		const low = pChart([1, 0, 0, 1].map((count, i) => ({ period: `d${i}`, count, n: 10 })));
		expect(low.points[0].ucl).toBeCloseTo(0.25676073, 7);
		expect(low.points[0].lcl).toBe(0);
		// p̄ = 38/40 = 0.95; same σ ⇒ UCL 1.15676073 ⇒ 1; LCL = 0.95 − 0.20676073 = 0.74323927
		const high = pChart([9, 10, 10, 9].map((count, i) => ({ period: `d${i}`, count, n: 10 })));
		expect(high.points[0].ucl).toBe(1);
		expect(high.points[0].lcl).toBeCloseTo(0.74323927, 7);
	});

	it('Laney p′ widens limits by σ_z for an overdispersed series', () => {
		const pts = [10, 30, 10, 30].map((count, i) => ({ period: `m${i}`, count, n: 100 }));
		// p̄ = 80/400 = 0.2; σᵢ = √(0.2·0.8/100) = 0.04
		// zᵢ = (0.1 − 0.2)/0.04 = −2.5, (0.3 − 0.2)/0.04 = +2.5, −2.5, +2.5
		// moving ranges 5, 5, 5 ⇒ MR̄_z = 5 ⇒ σ_z = 5/1.128 = 4.4326241
		const plain = pChart(pts);
		expect(plain.overdispersion).toBeCloseTo(4.4326241, 6);
		// plain limits 0.2 ± 3·0.04 = 0.32 / 0.08
		expect(plain.points[0].ucl).toBeCloseTo(0.32, 12);
		expect(plain.points[0].lcl).toBeCloseTo(0.08, 12);
		// the plain chart flags rule 2 everywhere: 0.1 and 0.1 are 2.5σ below in window (0,1,2),
		// 0.3 and 0.3 2.5σ above in window (1,2,3); none is beyond 3σ (0.12)
		expect(plain.points.map((p) => p.violations)).toEqual([[2], [2], [2], [2]]);

		const laney = pChart(pts, { laney: true });
		// σ′ = 0.04 · 4.4326241 = 0.1773050; UCL = 0.2 + 3·0.1773050 = 0.7319149; LCL = 0.2 − 0.5319149 < 0 ⇒ 0
		expect(laney.overdispersion).toBeCloseTo(4.4326241, 6);
		expect(laney.points[0].sigma).toBeCloseTo(0.177305, 6);
		expect(laney.points[0].ucl).toBeCloseTo(0.7319149, 6);
		expect(laney.points[0].lcl).toBe(0);
		expect(laney.points.every((p) => p.violations.length === 0)).toBe(true);
	});

	it('Laney σ_z below 1 for an underdispersed series', () => {
		// p̄ = 80/400 = 0.2; σᵢ = 0.04; z = (0.19 − 0.2)/0.04 = −0.25, +0.25, −0.25, +0.25
		// MR̄_z = 0.5 ⇒ σ_z = 0.5/1.128 = 0.4432624; limits 0.2 ± 3·0.04·0.4432624 = 0.2 ± 0.0531915
		const r = pChart(
			[19, 21, 19, 21].map((count, i) => ({ period: `m${i}`, count, n: 100 })),
			{ laney: true }
		);
		expect(r.overdispersion).toBeCloseTo(0.4432624, 6);
		expect(r.points[0].ucl).toBeCloseTo(0.2531915, 6);
		expect(r.points[0].lcl).toBeCloseTo(0.1468085, 6);
	});

	it('computes limits separately per stage', () => {
		const r = pChart(
			[
				{ period: 'a', count: 20, n: 100 },
				{ period: 'b', count: 20, n: 100 },
				{ period: 'c', count: 5, n: 100 },
				{ period: 'd', count: 15, n: 100 }
			],
			{ stages: [2] }
		);
		// stage 1: p̄ = 40/200 = 0.2, σ = 0.04 ⇒ 0.32 / 0.08
		expect(r.points[1].cl).toBeCloseTo(0.2, 12);
		expect(r.points[1].ucl).toBeCloseTo(0.32, 12);
		// stage 2: p̄ = 20/200 = 0.1, σ = √(0.1·0.9/100) = 0.03 ⇒ 0.19 / 0.01
		expect(r.points[2].cl).toBeCloseTo(0.1, 12);
		expect(r.points[2].ucl).toBeCloseTo(0.19, 12);
		expect(r.points[3].lcl).toBeCloseTo(0.01, 12);
		// σ_z: stage 1 has z = 0, 0 ⇒ 0; stage 2 z = (0.05 − 0.1)/0.03 = −5/3, +5/3 ⇒ MR 10/3 ⇒ σ_z = 3.3333/1.128 = 2.9550827
		// reported overdispersion = the largest stage σ_z
		expect(r.overdispersion).toBeCloseTo(2.9550827, 6);
	});
});

describe('cChart', () => {
	it('c̄ = 4 gives UCL 10 and LCL 0', () => {
		// c̄ = (2 + 4 + 6 + 4)/4 = 4; σ = √4 = 2; UCL = 4 + 6 = 10; LCL = 4 − 6 = −2 ⇒ 0
		const r = cChart([2, 4, 6, 4].map((count, i) => ({ period: `w${i}`, count })));
		expect(r.points[0]).toMatchObject({ value: 2, cl: 4, ucl: 10, lcl: 0, sigma: 2, violations: [] });
	});

	it('separate limits per stage', () => {
		const counts = [2, 4, 6, 4, 10, 12, 14];
		const r = cChart(
			counts.map((count, i) => ({ period: `w${i}`, count })),
			{ stages: [4] }
		);
		// stage 1 as above; stage 2: c̄ = 36/3 = 12, σ = √12 = 3.4641016, 3σ = 10.3923048
		// UCL = 22.3923048, LCL = 1.6076952
		expect(r.points[3]).toMatchObject({ cl: 4, ucl: 10, lcl: 0 });
		expect(r.points[4].cl).toBe(12);
		expect(r.points[4].ucl).toBeCloseTo(22.3923048, 6);
		expect(r.points[6].lcl).toBeCloseTo(1.6076952, 6);
		// out-of-range and duplicate stage starts are ignored
		const same = cChart(
			counts.map((count, i) => ({ period: `w${i}`, count })),
			{ stages: [0, 4, 4, 99] }
		);
		expect(same.points.map((p) => p.cl)).toEqual(r.points.map((p) => p.cl));
	});
});

describe('imrChart', () => {
	it('X̄ ± 2.66·MR̄ and the MR chart', () => {
		const r = imrChart([10, 12, 11, 15, 12].map((value, i) => ({ period: `d${i}`, value })));
		// X̄ = 60/5 = 12; MR = |12−10|, |11−12|, |15−11|, |12−15| = 2, 1, 4, 3 ⇒ MR̄ = 10/4 = 2.5
		// UCL = 12 + 2.66·2.5 = 18.65; LCL = 12 − 6.65 = 5.35; σ = 6.65/3 = 2.2166667
		expect(r.points[0].cl).toBe(12);
		expect(r.points[0].ucl).toBeCloseTo(18.65, 12);
		expect(r.points[0].lcl).toBeCloseTo(5.35, 12);
		expect(r.points[0].sigma).toBeCloseTo(2.2166667, 6);
		// MR chart: CL 2.5, UCL = 3.267·2.5 = 8.1675
		expect(r.mr.map((m) => m.value)).toEqual([null, 2, 1, 4, 3]);
		expect(r.mr[1].cl).toBe(2.5);
		expect(r.mr[1].ucl).toBeCloseTo(8.1675, 12);
	});

	it('stages restart X̄ and MR̄', () => {
		const r = imrChart(
			[10, 12, 11, 15, 12, 30, 32, 31].map((value, i) => ({ period: `d${i}`, value })),
			{ stages: [5] }
		);
		// stage 2: X̄ = (30 + 32 + 31)/3 = 31; MR = 2, 1 ⇒ MR̄ = 1.5; UCL = 31 + 2.66·1.5 = 34.99; LCL = 27.01
		expect(r.points[4].ucl).toBeCloseTo(18.65, 12);
		expect(r.points[5].cl).toBe(31);
		expect(r.points[5].ucl).toBeCloseTo(34.99, 12);
		expect(r.points[7].lcl).toBeCloseTo(27.01, 12);
		// the moving range does not cross the stage boundary
		expect(r.mr[5].value).toBeNull();
		expect(r.mr[6]).toMatchObject({ value: 2, cl: 1.5 });
	});

	it('flags a point above UCL', () => {
		// 10, 10, 10, 10, 20: X̄ = 60/5 = 12; MR = 0, 0, 0, 10 ⇒ MR̄ = 2.5; UCL = 18.65 < 20 ⇒ rule 1
		const r = imrChart([10, 10, 10, 10, 20].map((value, i) => ({ period: `d${i}`, value })));
		expect(r.points[4].violations).toContain(1);
		expect(r.points[0].violations).not.toContain(1);
	});
});

describe('westernElectric', () => {
	/** Center line 0 and σ = 1 everywhere, so values are in σ units. */
	const we = (values: number[]) => westernElectric(values, values.map(() => 0), values.map(() => 1));

	it('rule 1: one point beyond 3σ', () => {
		expect(we([0, 0, 3.5, 0, -3.2])).toEqual([[], [], [1], [], [1]]);
		// near miss: 2.99σ and exactly 3σ are not beyond 3σ (and each is alone beyond 2σ in its windows)
		expect(we([0, 0, 2.99, 0, 0, 3, 0])).toEqual([[], [], [], [], [], [], []]);
	});

	it('rule 1 with a different σ per point', () => {
		// deviation 0.1 each: 0.1/0.03 = 3.33σ (beyond), 0.1/0.04 = 2.5σ (not)
		expect(westernElectric([0.3, 0.3], [0.2, 0.2], [0.03, 0.04])).toEqual([[1], []]);
	});

	it('rule 2: 2 of 3 beyond 2σ on the same side, marking those two', () => {
		expect(we([0, 2.5, 0.5, 2.1, 0])).toEqual([[], [2], [], [2], []]);
		// below the center line too
		expect(we([-2.5, -2.5, 0])).toEqual([[2], [2], []]);
		// near misses: too far apart (positions 0 and 3), or on opposite sides
		expect(we([2.5, 0, 0, 2.5, 0])).toEqual([[], [], [], [], []]);
		expect(we([2.5, -2.5, 0])).toEqual([[], [], []]);
		expect(we([2.5, 1.99, 0])).toEqual([[], [], []]);
	});

	it('rule 3: 4 of 5 beyond 1σ on the same side, marking those four', () => {
		expect(we([1.5, 1.5, 0.5, 1.5, 1.5])).toEqual([[3], [3], [], [3], [3]]);
		// near miss: only 3 of any 5 beyond 1σ
		expect(we([1.5, 1.5, 0.5, 0.5, 1.5, 1.5])).toEqual([[], [], [], [], [], []]);
		// near miss: 4 beyond 1σ but one of them on the other side
		expect(we([1.5, 1.5, -1.5, 1.5, 0])).toEqual([[], [], [], [], []]);
	});

	it('rule 4: 8 in a row on one side, marking all 8', () => {
		const eight = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
		expect(we([0, ...eight])).toEqual([[], ...eight.map(() => [4])]);
		expect(we([...eight, 0.5].map((v) => -v))).toEqual([...eight, 0.5].map(() => [4]));
		// near misses: 7 then a switch of side; 7 then a point exactly on the center line
		expect(we([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5]).flat()).toEqual([]);
		expect(we([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5]).flat()).toEqual([]);
	});

	it('a point can take part in several rules', () => {
		// 3.5 is beyond 3σ (rule 1) and, with 2.5, 2 of 3 beyond 2σ (rule 2); rules 3 and 4 do not apply
		expect(we([0, 2.5, 3.5, 0])).toEqual([[], [2], [1, 2], []]);
	});
});

import { benjaminiHochberg, overRepresented } from '../../src/lib/stats';
describe('benjaminiHochberg', () => {
	it('adjusts p-values in their input order, monotone in rank, capped at 1', () => {
		// sorted: 0.01 (×4/1 = 0.04), 0.02 (×4/2 = 0.04), 0.03 (×4/3 = 0.04), 0.5 (×4/4 = 0.5)
		const q = benjaminiHochberg([0.5, 0.01, 0.03, 0.02]);
		expect(q[0]).toBeCloseTo(0.5, 12);
		expect(q[1]).toBeCloseTo(0.04, 12);
		expect(q[2]).toBeCloseTo(0.04, 12);
		expect(q[3]).toBeCloseTo(0.04, 12);
		// a later smaller product carries down: 0.04 × 2/1 = 0.08 but 0.045 × 2/2 = 0.045
		expect(benjaminiHochberg([0.04, 0.045])).toEqual([0.045, 0.045]);
		expect(benjaminiHochberg([0.9, 0.95])).toEqual([0.95, 0.95]);
		expect(benjaminiHochberg([])).toEqual([]);
	});
});

describe('overRepresented', () => {
	it('keeps terms with ≥ minCount tickets, lift > 1 and adjusted p < alpha, most significant first', () => {
		const rows = [
			{ key: '活动', count: 100, baseline: 6 }, // 100/700 vs 6/600: strongly over
			{ key: '订单', count: 140, baseline: 120 }, // 0.2 vs 0.2: no
			{ key: '少', count: 4, baseline: 0 }, // under minCount: not tested
			{ key: 'E2001', count: 80, baseline: 0 } // baseline 0 → counted as 0.5
		];
		const r = overRepresented(rows, 700, 600);
		expect(r.map((x) => x.key)).toEqual(['活动', 'E2001']);
		const e = r.find((x) => x.key === 'E2001')!;
		// lift = (80/700) / (0.5/600) = 137.14…
		expect(e.lift).toBeCloseTo(80 / 700 / (0.5 / 600), 9);
		expect(e.baselineShare).toBe(0);
		for (const x of r) expect(x.p).toBeLessThan(0.05);
	});
});
