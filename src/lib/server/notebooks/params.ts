// A notebook's parameters: the front matter's defaults, overridden by the URL (or
// --param on the command line), with the page's Filter on top. `week` (last,
// 2024-W15 or any day of the week) gives $week_start/$week_end and the week
// before as $prev_week_start/$prev_week_end (DATEs, inclusive); a Filter window
// (from/to or a preset) replaces the week. Every other parameter, and each
// dimension of the Filter, is bound as text ($category = its first value).
import { dateValue, type DuckDBValue } from '@duckdb/node-api';
import { isDimension, mondayOf, resolveWindow, type Filter } from '../../filters';
import { currentWindow, previousWindow, shiftDay, type Window } from '../analytics/window';
import type { Scope } from '../analytics/scope';
import { BadRequest } from '../errors';

export interface ResolvedParams {
	values: Record<string, DuckDBValue>;
	/** What the reader sees at the top: name → value as text. */
	shown: Record<string, string>;
	window: Window | null;
	previous: Window | null;
}

/** Monday of an ISO week `2024-W15`. */
export function isoWeekMonday(spec: string): string {
	const m = /^(\d{4})-?W(\d{1,2})$/i.exec(spec.trim());
	if (!m) throw new BadRequest(`week is last, an ISO week like 2024-W15, or a date — not "${spec}"`, { key: 'nb.badWeek', params: { value: spec }, field: 'week' });
	const year = Number(m[1]);
	const week = Number(m[2]);
	if (week < 1 || week > 53) throw new BadRequest(`week ${week} does not exist`, { key: 'nb.badWeek', params: { value: spec }, field: 'week' });
	const jan4 = `${year}-01-04`;
	return shiftDay(mondayOf(jan4), (week - 1) * 7);
}

const day = (d: string) => dateValue(Math.round(Date.parse(`${d}T00:00:00Z`) / 86400000));

export async function resolveParams(scope: Scope, defaults: Record<string, string>, overrides: Record<string, string>, filter: Filter): Promise<ResolvedParams> {
	const values: Record<string, DuckDBValue> = {};
	const shown: Record<string, string> = {};
	let window: Window | null = null;
	const fw = resolveWindow(filter, scope.today);
	if (fw.from && fw.to) window = { from: fw.from, to: fw.to };
	else {
		const week = overrides.week ?? defaults.week ?? 'last';
		if (week === 'last' || week === '') window = await currentWindow(scope, { dims: {} });
		else if (/^\d{4}-\d{2}-\d{2}$/.test(week)) window = { from: mondayOf(week), to: shiftDay(mondayOf(week), 6) };
		else {
			const from = isoWeekMonday(week);
			window = { from, to: shiftDay(from, 6) };
		}
		shown.week = week;
	}
	const previous = window ? previousWindow(window) : null;
	if (window && previous) {
		values.week_start = day(window.from);
		values.week_end = day(window.to);
		values.prev_week_start = day(previous.from);
		values.prev_week_end = day(previous.to);
		shown.window = `${window.from} – ${window.to}`;
	}
	const names = new Set([...Object.keys(defaults), ...Object.keys(overrides), ...Object.keys(filter.dims)]);
	names.delete('week');
	for (const name of names) {
		if (!/^[A-Za-z_]\w*$/.test(name)) continue;
		const v = overrides[name] ?? filter.dims[name]?.[0] ?? defaults[name] ?? '';
		values[name] = v === '' ? null : v;
		if (v !== '') shown[name] = isDimension(name) && (filter.dims[name]?.length ?? 0) > 1 ? `${v} (+${filter.dims[name].length - 1})` : v;
	}
	if (filter.q) values.q = filter.q;
	return { values, shown, window, previous };
}
