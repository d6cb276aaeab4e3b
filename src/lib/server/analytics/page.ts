// What every analysis page's load needs: the scope, the Filter, the dimensions
// a user can pick, and the view parameters read with the same rules as the API.
import { error } from '@sveltejs/kit';
import { parseFilter, type Filter } from '../../filters';
import { workspace } from '../workspace';
import { BadRequest, dimensions, scopeFor, type Scope } from './scope';
import { NotFound } from '../errors';

export interface PageContext {
	scope: Scope;
	filter: Filter;
	dims: string[];
	tz: string;
	/** A dimension parameter, checked against the allow-list (400 otherwise). */
	dim: (name: string, fallback: string | null) => string | null;
}

/** The scope of a page's Filter; a dataset the URL names that does not exist is a 404 page. */
export async function pageScope(filter: Filter): Promise<Scope> {
	try {
		return await scopeFor(await workspace(), filter.dataset);
	} catch (e) {
		if (e instanceof NotFound) error(404, e.message);
		throw e;
	}
}

export async function pageContext(url: URL): Promise<PageContext> {
	const filter = parseFilter(url.searchParams);
	const scope = await pageScope(filter);
	const dims = dimensions(scope);
	return {
		scope,
		filter,
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
