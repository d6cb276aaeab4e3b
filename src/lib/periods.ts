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
