import { answer } from '$lib/server/analytics/http';
import { compile } from '$lib/server/analytics/scope';
import { suggestThemes } from '$lib/server/text/themes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	answer(url, async (scope, filter) => {
		const c = compile(scope, filter);
		return { rows: scope.dataset ? await suggestThemes(scope.store, scope.dataset.id, c.where, c.params) : [] };
	});
