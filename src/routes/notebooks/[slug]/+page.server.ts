import { error } from '@sveltejs/kit';
import { isFilterParam } from '$lib/filters';
import { pageContext } from '$lib/server/analytics/page';
import { BadRequest, NotFound, errorBody } from '$lib/server/errors';
import { notebookSource, runNotebook } from '$lib/server/notebooks/run';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, parent, locals }) => {
	const ctx = await pageContext(url);
	const { lang } = await parent();
	// parameters that are not part of the Filter (week=2024-W15 …) override the front matter
	const overrides: Record<string, string> = {};
	for (const [k, v] of url.searchParams) if (!isFilterParam(k) && /^[A-Za-z_]\w*$/.test(k)) overrides[k] = v;
	const run = (o: Record<string, string>) => runNotebook(ctx.scope.store, notebookSource(params.slug), { overrides: o, filter: ctx.filter, lang, user: locals.user ? `user:${locals.user.id}` : 'anonymous' });
	try {
		let problem: ReturnType<typeof errorBody> | null = null;
		let notebook;
		try {
			notebook = await run(overrides);
		} catch (e) {
			// a bad week in the URL: say so, and show the notebook's default week
			if (!(e instanceof BadRequest) || e.said?.field !== 'week') throw e;
			problem = errorBody(e);
			const { week: _bad, ...rest } = overrides;
			notebook = await run(rest);
		}
		return { notebook, problem, slug: params.slug, filter: ctx.filter, tz: ctx.tz, dims: ctx.dims };
	} catch (e) {
		if (e instanceof NotFound) error(404, e.message);
		if (e instanceof BadRequest) error(400, e.message);
		throw e;
	}
};
