// Which (period, key) counts deserve an alert. Pure: the server feeds it the
// rule's counts and the periods the dataset covers; it says what to send.
//
// Baseline (what a count is compared with):
//   day grain  — the same weekday in the previous 8 weeks (t−7d … t−56d), so a
//                busy Monday is compared with Mondays, not with Sunday;
//   week grain — the previous 8 weeks (DESIGN.md's spike rule).
// Only periods the dataset covers count ("present": any ticket of the dataset
// that day or week, whatever the rule's filter); a present period without the
// key counts as 0. Fewer than `minPresent` (3) present history periods: too
// little history, no alert.
// Alert when count ≥ minCount, one-sided Poisson P(X ≥ count | baseline) < p,
// and the rise over the baseline ≥ minRisePct (a value new with ≥ minCount
// tickets, baseline 0, passes).
//
// Quiet after a level shift (episodes): once a key alerts, it stays in an
// episode while its count stays above its pre-episode baseline — the same
// history with the episode's own periods left out, so the raised level does
// not lift the bar it is measured against. No new alert while the episode
// lasts. It ends at the first period back at or below that baseline, or when
// fewer than `minPresent` history periods outside the episode remain (the new
// level has become the normal: from then on the baseline includes it). The
// next significant period after the end is a new alert.
import { poissonUpperTail } from '../stats';

export type AlertGrain = 'day' | 'week';

export interface Thresholds {
	/** One-sided Poisson p below which a count is a spike (default 0.01). */
	p: number;
	/** Fewest tickets in the period (default 5). */
	minCount: number;
	/** Smallest rise over the baseline, in % (default 50). */
	minRisePct: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { p: 0.01, minCount: 5, minRisePct: 50 };
/** History periods looked back over, and how many must be present. */
export const HISTORY = 8;
export const MIN_PRESENT = 3;

export interface CountRow {
	/** 'YYYY-MM-DD': the day, or the Monday of the week. */
	period: string;
	key: string;
	count: number;
}

export interface Finding {
	period: string;
	key: string;
	count: number;
	baseline: number;
	/** (count − baseline) / baseline · 100; null for a value with no baseline (new). */
	changePct: number | null;
	p: number;
	/** How many history periods the baseline averages. */
	history: number;
}

export interface DetectInput {
	grain: AlertGrain;
	/** Periods the dataset covers (any order; duplicates ignored). */
	present: string[];
	rows: CountRow[];
	thresholds?: Partial<Thresholds>;
	/** Only periods on or after this one are reported (earlier ones still shape the episodes). */
	since?: string | null;
}

function addDays(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/** The history periods of `period`: 8 steps of 7 days back — the same weekday (day grain) or the previous weeks (week grain, periods are Mondays). */
export function historyOf(period: string): string[] {
	const out: string[] = [];
	for (let k = 1; k <= HISTORY; k++) out.push(addDays(period, -7 * k));
	return out;
}

export function thresholdsOf(t: Partial<Thresholds> = {}): Thresholds {
	return {
		p: t.p ?? DEFAULT_THRESHOLDS.p,
		minCount: t.minCount ?? DEFAULT_THRESHOLDS.minCount,
		minRisePct: t.minRisePct ?? DEFAULT_THRESHOLDS.minRisePct
	};
}

/** Every alert the series calls for, oldest first (then by p). */
export function detectAlerts(input: DetectInput): Finding[] {
	const th = thresholdsOf(input.thresholds);
	const present = new Set(input.present);
	const counts = new Map<string, Map<string, number>>();
	for (const r of input.rows) {
		let m = counts.get(r.key);
		if (!m) counts.set(r.key, (m = new Map()));
		m.set(r.period, (m.get(r.period) ?? 0) + r.count);
		present.add(r.period);
	}
	const periods = [...present].sort();
	const out: Finding[] = [];
	for (const [key, byPeriod] of counts) {
		const count = (p: string) => byPeriod.get(p) ?? 0;
		const mean = (ps: string[]) => ps.reduce((s, p) => s + count(p), 0) / ps.length;
		let episode: Set<string> | null = null;
		for (const period of periods) {
			const n = count(period);
			const hist = historyOf(period).filter((p) => present.has(p));
			if (episode) {
				const clean = hist.filter((p) => !episode!.has(p));
				if (clean.length >= MIN_PRESENT && n > mean(clean)) {
					episode.add(period);
					continue;
				}
				episode = null;
			}
			if (hist.length < MIN_PRESENT || n < th.minCount) continue;
			const baseline = mean(hist);
			if (!(n > baseline)) continue;
			const p = poissonUpperTail(n, baseline);
			const changePct = baseline > 0 ? ((n - baseline) / baseline) * 100 : null;
			if (!(p < th.p) || (changePct !== null && changePct < th.minRisePct)) continue;
			episode = new Set([period]);
			if (!input.since || period >= input.since) out.push({ period, key, count: n, baseline, changePct, p, history: hist.length });
		}
	}
	return out.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.p - b.p || (a.key < b.key ? -1 : 1)));
}

/** The period a day falls in. */
export function periodOf(day: string, grain: AlertGrain): string {
	if (grain === 'day') return day;
	const d = new Date(`${day}T00:00:00Z`);
	return addDays(day, -((d.getUTCDay() + 6) % 7));
}
