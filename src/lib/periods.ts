// A chart's period label ('2024-04-08' for a day or the Monday of a week,
// '2024-04' for a month) as the window of days it covers, so a click on a
// point drills down to exactly its tickets.

export type Grain = 'day' | 'week' | 'month';

function addDays(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

export function periodWindow(period: string, grain: Grain): { from: string; to: string } {
	if (grain === 'month') {
		const first = `${period.slice(0, 7)}-01`;
		const next = new Date(`${first}T00:00:00Z`);
		next.setUTCMonth(next.getUTCMonth() + 1);
		return { from: first, to: addDays(next.toISOString().slice(0, 10), -1) };
	}
	return { from: period, to: grain === 'week' ? addDays(period, 6) : period };
}

/** The window clipped to an outer window (a week that straddles the filter's edge). */
export function clipWindow(w: { from: string; to: string }, outer: { from?: string; to?: string }): { from: string; to: string } {
	return { from: outer.from && outer.from > w.from ? outer.from : w.from, to: outer.to && outer.to < w.to ? outer.to : w.to };
}

/** The label of the period holding `day` (YYYY-MM-DD): the day, its ISO week's Monday, or YYYY-MM. */
export function periodOf(day: string, grain: Grain): string {
	if (grain === 'month') return day.slice(0, 7);
	if (grain === 'day') return day.slice(0, 10);
	const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
	return addDays(day.slice(0, 10), -((d.getUTCDay() + 6) % 7));
}

/** The period after `period`. */
export function nextPeriod(period: string, grain: Grain): string {
	if (grain === 'month') return addDays(periodWindow(period, 'month').to, 1).slice(0, 7);
	return addDays(period, grain === 'week' ? 7 : 1);
}

/** At most this many periods on one axis (27 years of days): a runaway span is cut, not looped over. */
export const MAX_PERIODS = 10_000;

/** Every period label from the one holding `from` to the one holding `to`, inclusive. */
export function periodsBetween(from: string, to: string, grain: Grain): string[] {
	const out: string[] = [];
	const last = periodOf(to, grain);
	for (let p = periodOf(from, grain); p <= last && out.length < MAX_PERIODS; p = nextPeriod(p, grain)) out.push(p);
	return out;
}

/**
 * The axis of a time chart: every period of the window, or (for an open side)
 * from the first / to the last period in the data. Empty periods are kept, so a
 * gap in the data shows as a gap instead of two distant periods side by side.
 */
export function periodAxis(present: string[], grain: Grain, window: { from?: string; to?: string } = {}): string[] {
	if (present.length === 0 && !(window.from && window.to)) return [];
	const sorted = [...present].sort();
	const first = window.from ?? (grain === 'month' ? `${sorted[0]}-01` : sorted[0]);
	const last = window.to ?? (grain === 'month' ? `${sorted[sorted.length - 1]}-01` : sorted[sorted.length - 1]);
	return periodsBetween(first, last, grain);
}

/** Rows of counts per period with a zero row for every empty period of the axis (rows split by key are not filled). */
export function zeroFill<T extends { period: string; count: number }>(rows: T[], axis: string[], zero: (period: string) => T): T[] {
	const have = new Set(rows.map((r) => r.period));
	const out = [...rows];
	for (const p of axis) if (!have.has(p)) out.push(zero(p));
	return out.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

/** The ISO week of a day: '2024-W15' (the year is the one its Thursday falls in). */
export function isoWeekLabel(day: string): string {
	const monday = periodOf(day, 'week');
	const thursday = addDays(monday, 3);
	const year = Number(thursday.slice(0, 4));
	const jan4 = periodOf(`${year}-01-04`, 'week');
	const week = Math.round((Date.parse(monday) - Date.parse(jan4)) / (7 * 86400000)) + 1;
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday `n` weeks from the week holding `day`. */
export function shiftWeek(day: string, n: number): string {
	return addDays(periodOf(day, 'week'), 7 * n);
}

/**
 * The baseline of a period under the spike rule: the `n` periods just before it (8 by
 * DESIGN.md), as one window of days.
 */
export function baselineWindow(period: string, grain: Grain, n = 8): { from: string; to: string } {
	const start = periodWindow(period, grain).from;
	if (grain === 'month') {
		const d = new Date(`${start}T00:00:00Z`);
		d.setUTCMonth(d.getUTCMonth() - n);
		return { from: d.toISOString().slice(0, 10), to: addDays(start, -1) };
	}
	return { from: addDays(start, -(grain === 'week' ? 7 : 1) * n), to: addDays(start, -1) };
}
