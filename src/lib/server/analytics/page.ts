// What every analysis page's load needs: the scope, the Filter, the dimensions
// a user can pick, and the view parameters read with the same rules as the API.
import { error } from '@sveltejs/kit';
import { parseFilter, type Filter } from '../../filters';
import { workspace } from '../workspace';
import { BadRequest, dimensions, scopeFor, type Scope } from './scope';

export interface PageContext {
	scope: Scope;
	filter: Filter;
	dims: string[];
	tz: string;
	/** A dimension parameter, checked against the allow-list (400 otherwise). */
	dim: (name: string, fallback: string | null) => string | null;
}

export async function pageContext(url: URL): Promise<PageContext> {
	const scope = await scopeFor(await workspace());
	const dims = dimensions(scope);
	return {
		scope,
		filter: parseFilter(url.searchParams),
		dims,
		tz: scope.tz,
		dim(name, fallback) {
			const v = url.searchParams.get(name) || fallback;
			if (v !== null && !dims.includes(v)) error(400, `Unknown dimension "${v}"`);
			return v;
		}
	};
}

/** Run a view's queries; a BadRequest (a bad grain, say) becomes a 400 page. */
export async function viewData<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof BadRequest) error(400, e.message);
		throw e;
	}
}
