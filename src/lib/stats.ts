/**
 * Statistics for Causeway: Pareto, spike detection, control charts, Western Electric
 * rules and before/after tests. Pure TypeScript, no dependencies (runs in the browser too).
 *
 * Conventions chosen where the design document is silent are marked "Convention:".
 */

// ---------------------------------------------------------------------------
// Pareto
// ---------------------------------------------------------------------------

export type Priority = 'P0' | 'P1' | 'P2' | 'P3';

export interface ParetoInput {
	key: string;
	count: number;
	priorityCounts?: Partial<Record<Priority, number>>;
}

export interface ParetoRow {
	key: string;
	count: number;
	value: number;
	share: number;
	cumShare: number;
	vital: boolean;
}

export interface ParetoOptions {
	weight?: 'none' | 'priority';
	weights?: Partial<Record<Priority, number>>;
	maxBars?: number;
	otherKey?: string;
}

export const DEFAULT_PRIORITY_WEIGHTS: Readonly<Record<Priority, number>> = { P0: 3, P1: 2, P2: 1, P3: 1 };

/** Cumulative share at which the vital few end. */
export const VITAL_SHARE = 0.8;
/** Tolerance for "reaches 0.8" so that e.g. 0.1 + 0.7 counts as reaching it. */
const SHARE_EPS = 1e-9;

const PRIORITIES: Priority[] = ['P0', 'P1', 'P2', 'P3'];

/**
 * Weighted value of one input row.
 * Convention: tickets not covered by `priorityCounts` (count − Σ priorityCounts, when positive)
 * get weight 1, like P2/P3; a row without `priorityCounts` is therefore weighted 1 per ticket.
 */
function weightedValue(row: ParetoInput, w: Record<Priority, number>): number {
	let value = 0;
	let covered = 0;
	for (const p of PRIORITIES) {
		const c = row.priorityCounts?.[p] ?? 0;
		value += c * w[p];
		covered += c;
	}
	const rest = row.count - covered;
	if (rest > 0) value += rest;
	return value;
}

/**
 * Pareto bars: descending by value, "Other" last, cumulative share on 0–1,
 * vital = bars up to and including the first whose cumulative share reaches 0.8.
 *
 * Convention: folding happens only when there would be more than `maxBars` bars; then the
 * top `maxBars − 1` keys are kept and the rest go to `otherKey`. Duplicate keys are summed.
 * Ties in value are broken by count (descending) then key (ascending), for stable output.
 * The Other bar is a bar like any other for the vital-few cut (it is last, so it is vital only
 * when the named bars before it stay below 0.8).
 */
export function pareto(rows: ParetoInput[], opts: ParetoOptions = {}): { total: number; rows: ParetoRow[] } {
	const otherKey = opts.otherKey ?? 'Other';
	const maxBars = Math.max(1, Math.floor(opts.maxBars ?? 20));
	const w: Record<Priority, number> = { ...DEFAULT_PRIORITY_WEIGHTS, ...(opts.weights ?? {}) } as Record<Priority, number>;
	const weighted = opts.weight === 'priority';

	const byKey = new Map<string, { key: string; count: number; value: number }>();
	let other: { key: string; count: number; value: number } | null = null;
	for (const r of rows) {
		const value = weighted ? weightedValue(r, w) : r.count;
		if (r.key === otherKey) {
			other ??= { key: otherKey, count: 0, value: 0 };
			other.count += r.count;
			other.value += value;
			continue;
		}
		const cur = byKey.get(r.key);
		if (cur) {
			cur.count += r.count;
			cur.value += value;
		} else byKey.set(r.key, { key: r.key, count: r.count, value });
	}

	const named = [...byKey.values()].sort(
		(a, b) => b.value - a.value || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
	);
	let kept = named;
	if (named.length + (other ? 1 : 0) > maxBars) {
		kept = named.slice(0, maxBars - 1);
		other ??= { key: otherKey, count: 0, value: 0 };
		for (const r of named.slice(maxBars - 1)) {
			other.count += r.count;
			other.value += r.value;
		}
	}
	const bars = other ? [...kept, other] : kept;

	const total = bars.reduce((s, b) => s + b.value, 0);
	let running = 0;
	let reached = false;
	const out: ParetoRow[] = bars.map((b) => {
		running += b.value;
		const share = total > 0 ? b.value / total : 0;
		const cumShare = total > 0 ? Math.min(1, running / total) : 0;
		const vital = total > 0 && !reached;
		if (cumShare >= VITAL_SHARE - SHARE_EPS) reached = true;
		return { key: b.key, count: b.count, value: b.value, share, cumShare, vital };
	});
	return { total, rows: out };
}

// ---------------------------------------------------------------------------
// Special functions (log-space; no factorial overflow)
// ---------------------------------------------------------------------------

const LN_2PI = Math.log(2 * Math.PI);

const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
	12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lnGamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
	x -= 1;
	let a = LANCZOS[0];
	const t = x + 7.5;
	for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
	return 0.5 * LN_2PI + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Stirling error: ln Γ(a+1) − (a ln a − a + ½ ln(2πa)). */
function stirlerr(a: number): number {
	if (a < 15) return lnGamma(a + 1) - (a * Math.log(a) - a + 0.5 * Math.log(2 * Math.PI * a));
	const a2 = a * a;
	return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680) / a2) / a2) / a2) / a;
}

/** bd0(k, m) = k ln(k/m) + m − k, computed without cancellation. */
function bd0(k: number, m: number): number {
	if (k === 0) return m;
	const t = (m - k) / k;
	if (Math.abs(t) < 0.1) {
		// k (t − ln(1+t)) = k Σ_{j≥2} (−1)^j t^j / j
		let sum = 0;
		let pow = t;
		for (let j = 2; j < 60; j++) {
			pow *= -t;
			const term = -pow / j; // (−1)^j t^j / j
			sum += term;
			if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
		}
		return k * sum;
	}
	return k * (t - Math.log1p(t));
}

/** ln( x^a e^−x / Γ(a+1) ), accurate for large a and x. */
function logGammaPrefix(a: number, x: number): number {
	return -bd0(a, x) - 0.5 * Math.log(2 * Math.PI * a) - stirlerr(a);
}

/** Regularized incomplete gamma: returns { p: P(a,x), q: Q(a,x) }. */
function incGamma(a: number, x: number): { p: number; q: number } {
	if (x <= 0) return { p: 0, q: 1 };
	const lp = logGammaPrefix(a, x);
	if (x < a + 1) {
		// series: P = prefix · Σ x^n / ((a+1)…(a+n))
		let term = 1;
		let sum = 1;
		for (let n = 1; n < 10_000_000; n++) {
			term *= x / (a + n);
			sum += term;
			if (term < sum * 1e-17) break;
		}
		const p = Math.min(1, Math.exp(lp + Math.log(sum)));
		return { p, q: 1 - p };
	}
	// continued fraction for Q (modified Lentz): Q = a·prefix · 1/(x+1−a− 1(1−a)/(x+3−a− …))
	const FPMIN = 1e-300;
	let b = x + 1 - a;
	let c = 1 / FPMIN;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i < 10_000_000; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = b + an / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 1e-16) break;
	}
	const q = Math.min(1, Math.exp(lp + Math.log(a) + Math.log(h)));
	return { p: 1 - q, q };
}

/** P(X ≥ k) for X ~ Poisson(λ). Non-integer k is rounded up. */
export function poissonUpperTail(k: number, lambda: number): number {
	const kk = Math.ceil(k);
	if (kk <= 0) return 1;
	if (!(lambda > 0)) return 0;
	// P(X ≥ k) = P(k, λ), the regularized lower incomplete gamma function
	return incGamma(kk, lambda).p;
}

/** Standard normal CDF Φ(z), via the incomplete gamma function (erfc(x) = Q(½, x²)). */
export function normalCdf(z: number): number {
	if (Number.isNaN(z)) return NaN;
	if (z === Infinity) return 1;
	if (z === -Infinity) return 0;
	const { p, q } = incGamma(0.5, (z * z) / 2);
	return z < 0 ? 0.5 * q : 0.5 + 0.5 * p;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0. */
function incBeta(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	if (x > (a + 1) / (a + b + 2)) return 1 - incBeta(1 - x, b, a);
	const n = a + b;
	// ln( x^a (1−x)^b / B(a,b) ) written with bd0/stirlerr to avoid cancellation for large a, b
	const lp =
		-bd0(a, n * x) - bd0(b, n * (1 - x)) + 0.5 * Math.log((a * b) / (2 * Math.PI * n)) - stirlerr(a) - stirlerr(b) + stirlerr(n);
	// continued fraction (modified Lentz)
	const FPMIN = 1e-300;
	let c = 1;
	let d = 1 - ((a + b) * x) / (a + 1);
	if (Math.abs(d) < FPMIN) d = FPMIN;
	d = 1 / d;
	let h = d;
	for (let m = 1; m < 10_000_000; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 1e-16) break;
	}
	return Math.min(1, Math.max(0, Math.exp(lp + Math.log(h) - Math.log(a))));
}

/** P(X ≤ k) for X ~ Binomial(n, p). k is rounded down. */
export function binomialCdf(k: number, n: number, p: number): number {
	const kk = Math.floor(k);
	if (kk < 0) return 0;
	if (kk >= n) return 1;
	if (p <= 0) return 1;
	if (p >= 1) return 0;
	// P(X ≤ k) = I_{1−p}(n − k, k + 1)
	return incBeta(1 - p, n - kk, kk + 1);
}

// ---------------------------------------------------------------------------
// Before / after tests
// ---------------------------------------------------------------------------

/** Pooled two-proportion z-test; z > 0 when x1/n1 > x2/n2; p two-sided. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
	if (!(n1 > 0) || !(n2 > 0)) return { z: 0, p: 1 };
	const p1 = x1 / n1;
	const p2 = x2 / n2;
	const pool = (x1 + x2) / (n1 + n2);
	const se = Math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
	if (!(se > 0)) return { z: 0, p: 1 };
	const z = (p1 - p2) / se;
	return { z, p: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

/**
 * Compare two Poisson counts with exposures: given k1 + k2 events,
 * k1 ~ Binomial(k1 + k2, e1 / (e1 + e2)) under H0.
 * Convention: two-sided p = min(1, 2 · min(P(X ≤ k1), P(X ≥ k1))) (doubled smaller tail).
 */
export function poissonRateTest(k1: number, e1: number, k2: number, e2: number): { rate1: number; rate2: number; p: number } {
	const rate1 = k1 / e1;
	const rate2 = k2 / e2;
	const n = k1 + k2;
	if (n <= 0 || !(e1 > 0) || !(e2 > 0)) return { rate1, rate2, p: 1 };
	const p0 = e1 / (e1 + e2);
	const lower = binomialCdf(k1, n, p0);
	const upper = 1 - binomialCdf(k1 - 1, n, p0);
	return { rate1, rate2, p: Math.min(1, 2 * Math.min(lower, upper)) };
}

// ---------------------------------------------------------------------------
// Spikes
// ---------------------------------------------------------------------------

export interface SpikeInput {
	period: string;
	key: string;
	count: number;
}

export interface Spike {
	period: string;
	key: string;
	count: number;
	baseline: number;
	changePct: number;
	p: number;
}

export interface SpikeOptions {
	window?: number;
	minPresent?: number;
	alpha?: number;
	minCount?: number;
	/** Every period of the axis: one missing from `rows` counts as a period of zero tickets. */
	periods?: string[];
}

/**
 * Flag (period, key) counts that exceed the baseline (mean over the previous `window` periods
 * present in the data, at least `minPresent` of them) with one-sided Poisson p < alpha and
 * count ≥ minCount. changePct = (count − baseline) / baseline · 100.
 *
 * Conventions: duplicate (period, key) rows are summed; a baseline of 0 gives changePct = Infinity
 * (a new key appearing with ≥ minCount tickets is flagged); output is ordered by period ascending,
 * then p ascending, then key.
 */
export function findSpikes(rows: SpikeInput[], opts: SpikeOptions = {}): Spike[] {
	const window = opts.window ?? 8;
	const minPresent = opts.minPresent ?? 3;
	const alpha = opts.alpha ?? 0.01;
	const minCount = opts.minCount ?? 5;

	const byPeriod = new Map<string, Map<string, number>>();
	for (const r of rows) {
		let m = byPeriod.get(r.period);
		if (!m) byPeriod.set(r.period, (m = new Map()));
		m.set(r.key, (m.get(r.key) ?? 0) + r.count);
	}
	for (const p of opts.periods ?? []) if (!byPeriod.has(p)) byPeriod.set(p, new Map());
	const periods = [...byPeriod.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

	const out: Spike[] = [];
	for (let i = 0; i < periods.length; i++) {
		const previous = periods.slice(Math.max(0, i - window), i);
		if (previous.length < minPresent) continue;
		const found: Spike[] = [];
		for (const [key, count] of byPeriod.get(periods[i])!) {
			if (count < minCount) continue;
			let sum = 0;
			for (const q of previous) sum += byPeriod.get(q)!.get(key) ?? 0;
			const baseline = sum / previous.length;
			if (!(count > baseline)) continue;
			const p = poissonUpperTail(count, baseline);
			if (!(p < alpha)) continue;
			const changePct = baseline > 0 ? ((count - baseline) / baseline) * 100 : Infinity;
			found.push({ period: periods[i], key, count, baseline, changePct, p });
		}
		found.sort((a, b) => a.p - b.p || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		out.push(...found);
	}
	return out;
}

// ---------------------------------------------------------------------------
// Control charts
// ---------------------------------------------------------------------------

export interface ControlPoint {
	period: string;
	value: number;
	n?: number;
	cl: number;
	ucl: number;
	lcl: number;
	sigma: number;
	violations: number[];
}

/** d2 for moving ranges of 2. */
export const D2 = 1.128;
/** I-chart limit factor: X̄ ± 2.66 · MR̄. */
export const E2 = 2.66;
/** MR-chart upper limit factor: D4 · MR̄. */
export const D4 = 3.267;

/**
 * Split [0, length) into stages at the given start indices.
 * Indices ≤ 0, ≥ length, non-integers and duplicates are ignored.
 */
export function stageRanges(length: number, stages: number[] = []): [number, number][] {
	const cuts = [...new Set(stages.filter((s) => Number.isInteger(s) && s > 0 && s < length))].sort((a, b) => a - b);
	const bounds = [0, ...cuts, length];
	const out: [number, number][] = [];
	for (let i = 0; i + 1 < bounds.length; i++) if (bounds[i + 1] > bounds[i]) out.push([bounds[i], bounds[i + 1]]);
	return out;
}

function meanMovingRange(xs: number[]): number | null {
	if (xs.length < 2) return null;
	let s = 0;
	for (let i = 1; i < xs.length; i++) s += Math.abs(xs[i] - xs[i - 1]);
	return s / (xs.length - 1);
}

/** Western Electric rules, applied separately to each stage. */
function applyRules(points: ControlPoint[], ranges: [number, number][]): void {
	for (const [a, b] of ranges) {
		const slice = points.slice(a, b);
		const v = westernElectric(
			slice.map((p) => p.value),
			slice.map((p) => p.cl),
			slice.map((p) => p.sigma)
		);
		for (let i = 0; i < slice.length; i++) slice[i].violations = v[i];
	}
}

/**
 * p-chart of shares count/n: p̄ ± 3√(p̄(1−p̄)/nᵢ), clipped to [0, 1]; with `laney`, Laney p′:
 * σᵢ multiplied by σ_z = MR̄_z / 1.128. Limits are computed per stage.
 *
 * `overdispersion` is σ_z (computed whether or not Laney is applied; offer Laney when > 1).
 * Conventions: with several stages it is the largest stage σ_z; a stage with fewer than two
 * usable z values has σ_z = 1; points with n = 0 have value NaN and σ = Infinity (limits 0–1).
 * `sigma` on each point is the σ actually used for the limits (σᵢ, or σᵢ·σ_z with Laney).
 */
export function pChart(
	points: { period: string; count: number; n: number }[],
	opts: { laney?: boolean; stages?: number[] } = {}
): { points: ControlPoint[]; overdispersion: number } {
	const ranges = stageRanges(points.length, opts.stages);
	const out: ControlPoint[] = new Array(points.length);
	let overdispersion = points.length ? -Infinity : 1;
	for (const [a, b] of ranges) {
		const stage = points.slice(a, b);
		let sx = 0;
		let sn = 0;
		for (const p of stage) {
			sx += p.count;
			sn += p.n;
		}
		const pbar = sn > 0 ? sx / sn : 0;
		const sig = stage.map((p) => (p.n > 0 ? Math.sqrt((pbar * (1 - pbar)) / p.n) : Infinity));
		const val = stage.map((p) => (p.n > 0 ? p.count / p.n : NaN));
		const zs: number[] = [];
		for (let i = 0; i < stage.length; i++) if (sig[i] > 0 && Number.isFinite(sig[i])) zs.push((val[i] - pbar) / sig[i]);
		const mrz = meanMovingRange(zs);
		const sigmaZ = mrz === null ? 1 : mrz / D2;
		overdispersion = Math.max(overdispersion, sigmaZ);
		const factor = opts.laney ? sigmaZ : 1;
		for (let i = 0; i < stage.length; i++) {
			const s = sig[i] * factor;
			out[a + i] = {
				period: stage[i].period,
				value: val[i],
				n: stage[i].n,
				cl: pbar,
				ucl: Math.min(1, pbar + 3 * s),
				lcl: Math.max(0, pbar - 3 * s),
				sigma: s,
				violations: []
			};
		}
	}
	applyRules(out, ranges);
	return { points: out, overdispersion };
}

/** c-chart of counts: c̄ ± 3√c̄, LCL clipped at 0. Limits per stage. */
export function cChart(points: { period: string; count: number }[], opts: { stages?: number[] } = {}): { points: ControlPoint[] } {
	const ranges = stageRanges(points.length, opts.stages);
	const out: ControlPoint[] = new Array(points.length);
	for (const [a, b] of ranges) {
		const stage = points.slice(a, b);
		const cbar = stage.reduce((s, p) => s + p.count, 0) / stage.length;
		const s = Math.sqrt(cbar);
		for (let i = 0; i < stage.length; i++) {
			out[a + i] = {
				period: stage[i].period,
				value: stage[i].count,
				cl: cbar,
				ucl: cbar + 3 * s,
				lcl: Math.max(0, cbar - 3 * s),
				sigma: s,
				violations: []
			};
		}
	}
	applyRules(out, ranges);
	return { points: out };
}

/**
 * I-MR chart: X̄ ± 2.66·MR̄ (not clipped), MR chart CL = MR̄, UCL = 3.267·MR̄; limits per stage,
 * moving ranges do not cross a stage boundary (the first MR of each stage is null).
 * Convention: σ for the zone rules is 2.66·MR̄/3 (≈ MR̄/1.128), so that 3σ coincides with the limits.
 * A one-point stage has MR̄ = 0.
 */
export function imrChart(
	points: { period: string; value: number }[],
	opts: { stages?: number[] } = {}
): { points: ControlPoint[]; mr: { period: string; value: number | null; cl: number; ucl: number }[] } {
	const ranges = stageRanges(points.length, opts.stages);
	const out: ControlPoint[] = new Array(points.length);
	const mr: { period: string; value: number | null; cl: number; ucl: number }[] = new Array(points.length);
	for (const [a, b] of ranges) {
		const xs = points.slice(a, b).map((p) => p.value);
		const xbar = xs.reduce((s, x) => s + x, 0) / xs.length;
		const mrbar = meanMovingRange(xs) ?? 0;
		const s = (E2 * mrbar) / 3;
		for (let i = 0; i < xs.length; i++) {
			out[a + i] = {
				period: points[a + i].period,
				value: xs[i],
				cl: xbar,
				ucl: xbar + E2 * mrbar,
				lcl: xbar - E2 * mrbar,
				sigma: s,
				violations: []
			};
			mr[a + i] = {
				period: points[a + i].period,
				value: i === 0 ? null : Math.abs(xs[i] - xs[i - 1]),
				cl: mrbar,
				ucl: D4 * mrbar
			};
		}
	}
	applyRules(out, ranges);
	return { points: out, mr };
}

// ---------------------------------------------------------------------------
// Western Electric rules
// ---------------------------------------------------------------------------

/**
 * Per point, the Western Electric rules (1–4) it takes part in.
 * 1: beyond 3σ; 2: 2 of 3 consecutive beyond 2σ on one side (marks those beyond 2σ);
 * 3: 4 of 5 consecutive beyond 1σ on one side (marks those beyond 1σ);
 * 4: 8 consecutive on one side of the center line (marks all 8).
 * Convention: "beyond" is strict (a point exactly on a zone line or on the center line is not
 * beyond it / on neither side); NaN values never count; only complete windows are checked.
 */
export function westernElectric(values: number[], cl: number[], sigma: number[]): number[][] {
	const n = values.length;
	const rules: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
	const dev = values.map((v, i) => v - cl[i]);
	/** +1 / −1 when beyond k·σ on that side, else 0. */
	const beyond = (i: number, k: number): number => {
		const d = dev[i];
		const t = k * sigma[i];
		if (!Number.isFinite(d) || Number.isNaN(t)) return 0;
		return d > t ? 1 : d < -t ? -1 : 0;
	};

	for (let i = 0; i < n; i++) if (beyond(i, 3) !== 0) rules[i].add(1);

	const kOfM = (rule: number, k: number, m: number, zone: number) => {
		for (let start = 0; start + m <= n; start++) {
			for (const side of [1, -1]) {
				const hits: number[] = [];
				for (let j = start; j < start + m; j++) if (beyond(j, zone) === side) hits.push(j);
				if (hits.length >= k) for (const j of hits) rules[j].add(rule);
			}
		}
	};
	kOfM(2, 2, 3, 2);
	kOfM(3, 4, 5, 1);

	for (let start = 0; start + 8 <= n; start++) {
		for (const side of [1, -1]) {
			let all = true;
			for (let j = start; j < start + 8 && all; j++) all = Number.isFinite(dev[j]) && Math.sign(dev[j]) === side;
			if (all) for (let j = start; j < start + 8; j++) rules[j].add(4);
		}
	}
	return rules.map((s) => [...s].sort((a, b) => a - b));
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the input order: q(i) = min over
 * j ≥ rank(i) of p(j) · m / j, capped at 1.
 */
export function benjaminiHochberg(ps: number[]): number[] {
	const m = ps.length;
	const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
	const q = new Array<number>(m);
	let min = 1;
	for (let r = m - 1; r >= 0; r--) {
		const [p, i] = order[r];
		min = Math.min(min, (p * m) / (r + 1));
		q[i] = Math.min(1, min);
	}
	return q;
}

export interface OverRepresented {
	key: string;
	count: number;
	baseline: number;
	share: number;
	baselineShare: number;
	/** share / baselineShare; a baseline of 0 counts as 0.5 (so a new term has a finite lift). */
	lift: number;
	/** One-sided two-proportion z-test (share > baselineShare), Benjamini–Hochberg adjusted across all keys tested. */
	p: number;
}

/**
 * Keys (terms) over-represented in a set of n tickets against a baseline of nBase tickets:
 * every key with at least `minCount` tickets is tested (one-sided two-proportion z), the
 * p-values are BH-adjusted across them, and those with lift > 1 and adjusted p < alpha are
 * returned, most significant first (then by lift).
 */
export function overRepresented(rows: { key: string; count: number; baseline: number }[], n: number, nBase: number, opts: { minCount?: number; alpha?: number } = {}): OverRepresented[] {
	const minCount = opts.minCount ?? 5;
	const alpha = opts.alpha ?? 0.05;
	const tested = rows.filter((r) => r.count >= minCount);
	const raw = tested.map((r) => {
		const { z } = twoProportionZ(r.count, n, r.baseline, nBase);
		return z > 0 ? normalCdf(-z) : 1;
	});
	const q = benjaminiHochberg(raw);
	return tested
		.map((r, i) => {
			const share = n > 0 ? r.count / n : 0;
			const baselineShare = nBase > 0 ? r.baseline / nBase : 0;
			const lift = nBase > 0 && n > 0 ? share / (Math.max(r.baseline, 0.5) / nBase) : 0;
			return { key: r.key, count: r.count, baseline: r.baseline, share, baselineShare, lift, p: q[i] };
		})
		.filter((r) => r.lift > 1 && r.p < alpha)
		.sort((a, b) => a.p - b.p || b.lift - a.lift || (a.key < b.key ? -1 : 1));
}
