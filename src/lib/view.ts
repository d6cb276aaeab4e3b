// A view's URL is its Filter plus its own parameters (dim, grain, chart …).
// Changing one parameter keeps everything else, so any view can be bookmarked.
import { filterToParams, type Filter } from './filters';

/** The query string of `current` with `changes` applied (null removes a parameter). */
export function withParams(current: URLSearchParams, changes: Record<string, string | null>): string {
	const p = new URLSearchParams(current);
	for (const [k, v] of Object.entries(changes)) {
		if (v === null) p.delete(k);
		else p.set(k, v);
	}
	return `?${p}`;
}

/** The query string of a new Filter with the view's own parameters kept. */
export function withFilter(current: URLSearchParams, f: Filter, viewParams: readonly string[]): string {
	const p = filterToParams(f);
	for (const k of viewParams) for (const v of current.getAll(k)) p.append(k, v);
	return `?${p}`;
}

/**
 * The Filter of one value of a dimension inside the page's Filter. "Other" is
 * every value not shown on its own: the shown values excluded.
 */
export function valueFilter(f: Filter, dim: string, key: string, shown: string[] = []): Filter {
	if (key === 'Other') {
		const others = shown.filter((k) => k !== 'Other');
		return { ...f, not: { ...f.not, [dim]: [...new Set([...(f.not?.[dim] ?? []), ...others])] } };
	}
	return { ...f, dims: { ...f.dims, [dim]: [key] } };
}

/** "Investigate": a new case drafted from an effect and the window it stands out in. */
export function investigateHref(effect: Filter, window?: { from?: string; to?: string } | null): string {
	const p = new URLSearchParams({ effect: filterToParams({ dims: effect.dims, not: effect.not, q: effect.q }).toString() });
	if (window?.from && window?.to) (p.set('from', window.from), p.set('to', window.to));
	return `/cases/new?${p}`;
}
