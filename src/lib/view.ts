// A view's URL is its Filter plus its own parameters (dim, grain, chart …).
// Changing one parameter keeps everything else, so any view can be bookmarked.
import { ATTR_PREFIX, filterToParams, isFilterParam, type Filter } from './filters';

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
	if (effect.dataset) p.set('dataset', effect.dataset);
	return `/cases/new?${p}`;
}

/** View parameters that hold a dimension: kept on a dataset switch only when the dimension exists everywhere (not attr.*). */
const DIMENSION_PARAMS = ['dim', 'split', 'rows', 'cols'];

/**
 * The query string after switching to another dataset: the view's own
 * parameters and a relative window (preset, anchored on the new dataset's latest
 * day) stay; values, custom columns, text and fixed dates belong to the old
 * dataset's tickets and go.
 */
export function switchDataset(current: URLSearchParams, dataset: string): string {
	const p = new URLSearchParams();
	p.set('dataset', dataset);
	for (const [k, v] of current) {
		if (k === 'dataset' || k === 'from' || k === 'to' || k === 'q' || k === 'effect' || k === 'stage' || k === 'page') continue;
		if (isFilterParam(k) && k !== 'preset') continue;
		if (DIMENSION_PARAMS.includes(k) && v.startsWith(ATTR_PREFIX)) continue;
		p.append(k, v);
	}
	return `?${p}`;
}
