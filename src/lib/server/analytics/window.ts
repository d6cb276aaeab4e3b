// The period a view compares: the Filter's window, or else the last full ISO
// week in the data (Monday's review of last week); and the window of the same
// length just before it.
import { mondayOf, resolveWindow, type Filter } from '../../filters';
import { compile, type Scope } from './scope';

export interface Window {
	from: string;
	to: string;
}

export function shiftDay(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

export function windowDays(w: Window): number {
	return Math.round((Date.parse(w.to) - Date.parse(w.from)) / 86400000) + 1;
}

/** The window of the same length ending the day before `w` starts. */
export function previousWindow(w: Window): Window {
	return { from: shiftDay(w.from, -windowDays(w)), to: shiftDay(w.from, -1) };
}

/** The filter without its time window. */
export function timeless(f: Filter): Filter {
	return { ...f, from: undefined, to: undefined, preset: undefined };
}

/** The window to compare: the filter's, or else the last full ISO week in the data (null when there is none). */
export async function currentWindow(scope: Scope, f: Filter): Promise<(Window & { implicit: boolean }) | null> {
	const w = resolveWindow(f, scope.today);
	if (w.from && w.to) return { from: w.from, to: w.to, implicit: false };
	const c = compile(scope, timeless(f));
	const r = await scope.store.one<{ lo: string | null; hi: string | null }>(
		`SELECT strftime(min(created_at), '%Y-%m-%d') AS lo, strftime(max(created_at), '%Y-%m-%d') AS hi FROM tickets WHERE ${c.where}`,
		c.params
	);
	if (!r?.hi) return null;
	let from = w.from ?? mondayOf(r.hi);
	let to = w.to ?? shiftDay(from, 6);
	if (!w.from && !w.to && to > r.hi && r.lo && shiftDay(from, -7) >= mondayOf(r.lo)) {
		// the week holding the last ticket is partial: review the one before it
		from = shiftDay(from, -7);
		to = shiftDay(from, 6);
	}
	if (w.from && !w.to) to = r.hi > from ? r.hi : from;
	if (w.to && !w.from) from = shiftDay(w.to, -6);
	return { from, to, implicit: true };
}
