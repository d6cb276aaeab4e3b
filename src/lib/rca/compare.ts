// The numbers behind a verdict: two counts or rates, the test that compares them
// (DESIGN.md: two-proportion z for shares, Poisson rate test for counts), and the
// ranking of suggested causes. Pure; the server feeds it counts.
import { poissonRateTest, twoProportionZ } from '../stats';
import type { BoneId } from './model';

export interface Side {
	count: number;
	/** Tickets (for a share) or days (for a rate). */
	exposure: number;
	rate: number | null;
}

export interface Figures {
	a: Side;
	b: Side;
	test: 'two_proportion_z' | 'poisson_rate';
	p: number;
}

const side = (count: number, exposure: number): Side => ({ count, exposure, rate: exposure > 0 ? count / exposure : null });

/** Shares count/exposure compared with the two-proportion z-test. */
export function compareShares(a: { count: number; exposure: number }, b: { count: number; exposure: number }): Figures {
	return { a: side(a.count, a.exposure), b: side(b.count, b.exposure), test: 'two_proportion_z', p: twoProportionZ(a.count, a.exposure, b.count, b.exposure).p };
}

/** Counts over exposures (days) compared with the Poisson rate test. */
export function compareRates(a: { count: number; exposure: number }, b: { count: number; exposure: number }): Figures {
	return { a: side(a.count, a.exposure), b: side(b.count, b.exposure), test: 'poisson_rate', p: poissonRateTest(a.count, a.exposure, b.count, b.exposure).p };
}

export const ALPHA = 0.05;

/** A data comparison's result: a higher with p < 0.05 confirms, lower with p < 0.05 refutes, else inconclusive. */
export function resultOf(f: Figures): 'confirmed' | 'refuted' | 'inconclusive' {
	if (!(f.p < ALPHA) || f.a.rate === null || f.b.rate === null) return 'inconclusive';
	return f.a.rate > f.b.rate ? 'confirmed' : 'refuted';
}

/** What a before/after comparison should show to confirm a cause: a rise in the later window (the analysis window against a baseline), or a fall after a fix. */
export type Expectation = 'rise' | 'fall';

/**
 * A before/after comparison's result, a = the earlier window and b = the later
 * one: a significant change (p < 0.05) in the expected direction confirms, one
 * against it refutes, anything else is inconclusive.
 */
export function resultForChange(f: Figures, expect: Expectation): 'confirmed' | 'refuted' | 'inconclusive' {
	if (!(f.p < ALPHA) || f.a.rate === null || f.b.rate === null || f.a.rate === f.b.rate) return 'inconclusive';
	const rose = f.b.rate > f.a.rate;
	return rose === (expect === 'rise') ? 'confirmed' : 'refuted';
}

/** The change from a to b in percent (null when a is 0 or a rate is missing). */
export function changePct(f: Figures): number | null {
	if (f.a.rate === null || f.b.rate === null || f.a.rate === 0) return null;
	return ((f.b.rate - f.a.rate) / f.a.rate) * 100;
}

/** An action's effect, a = before and b = after the fix: fewer after with p < 0.05 is improved. */
export function verdictOf(f: Figures): 'improved' | 'no_change' | 'worse' {
	if (!(f.p < ALPHA) || f.a.rate === null || f.b.rate === null) return 'no_change';
	return f.b.rate < f.a.rate ? 'improved' : 'worse';
}

// --- suggested causes -----------------------------------------------------------

/** The seeds' service reading of the six Ms: which bone a dimension's values suggest. */
export function boneFor(dim: string): BoneId {
	switch (dim) {
		case 'error_code':
			return 'machine';
		case 'assignee':
		case 'team':
			return 'man';
		case 'product':
			return 'material';
		case 'status':
		case 'priority':
			return 'method';
		case 'category':
		case 'subcategory':
			return 'measurement';
		case 'term':
		case 'theme':
			// what the customer says happened: the analyst moves it to the bone it belongs to
			return 'method';
		default:
			// channel, region, segment, emotion, weekday, hour, custom columns
			return 'environment';
	}
}

export interface SuggestionInput {
	dim: string;
	key: string;
	/** Effect tickets with this value in the analysis window, of `windowTotal`. */
	count: number;
	windowTotal: number;
	/** Effect tickets with this value in the baseline window, of `baselineTotal`. */
	baseline: number;
	baselineTotal: number;
	/** Other tickets (not the effect) with this value in the analysis window, of `backgroundTotal`. */
	background: number;
	backgroundTotal: number;
}

export interface Suggestion {
	dim: string;
	key: string;
	count: number;
	baseline: number;
	/** The value's share among the effect's tickets over its share among the other tickets of the window. */
	lift: number;
	/** One-sided two-proportion z: is the value's share higher among the effect's tickets? */
	p: number;
	bone: BoneId;
}

const smoothed = (x: number, n: number) => (x + 0.5) / (n + 1);

/**
 * Values over-represented among the effect's tickets in the analysis window:
 * their share there is higher than among the window's other tickets (lift > 1,
 * one-sided two-proportion z) AND higher than among the effect's tickets in the
 * baseline (the effect changed with them). The second condition keeps out what
 * merely changed with time for every ticket (a new product version); the first
 * keeps out what is common to the effect at all times. At least `minCount`
 * tickets and p < 0.05; ranked by p, then lift, then count.
 */
export function rankSuggestions(rows: SuggestionInput[], opts: { minCount?: number; limit?: number } = {}): Suggestion[] {
	const minCount = opts.minCount ?? 5;
	const out: Suggestion[] = [];
	for (const r of rows) {
		if (r.count < minCount || r.windowTotal <= 0) continue;
		const share = r.count / r.windowTotal;
		if (!(share > smoothed(r.baseline, r.baselineTotal))) continue;
		const lift = share / smoothed(r.background, r.backgroundTotal);
		if (!(lift > 1)) continue;
		const { z, p } = twoProportionZ(r.count, r.windowTotal, r.background, r.backgroundTotal);
		const oneSided = r.backgroundTotal > 0 ? (z > 0 ? p / 2 : 1 - p / 2) : 1;
		if (!(oneSided < ALPHA)) continue;
		out.push({ dim: r.dim, key: r.key, count: r.count, baseline: r.baseline, lift, p: oneSided, bone: boneFor(r.dim) });
	}
	out.sort((a, b) => a.p - b.p || b.lift - a.lift || b.count - a.count || a.key.localeCompare(b.key));
	return out.slice(0, opts.limit ?? 20);
}
