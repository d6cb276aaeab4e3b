import { pageContext, viewData } from '$lib/server/analytics/page';
import { termChanges, terms } from '$lib/server/analytics/terms';
import { textSettings } from '$lib/server/text/indexer';
import { listThemes } from '$lib/server/text/themes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const ctx = await pageContext(url);
	return viewData(async () => {
		const ds = ctx.scope.dataset?.id ?? null;
		const changes = await termChanges(ctx.scope, ctx.filter, 40);
		const [over, themes, settings] = await Promise.all([
			changes.current && changes.previous
				? terms(ctx.scope, { ...ctx.filter, ...changes.current, preset: undefined }, { ...ctx.filter, ...changes.previous, preset: undefined }, 20)
				: Promise.resolve(null),
			ds === null ? Promise.resolve([]) : listThemes(ctx.scope.store, ds),
			ds === null ? Promise.resolve({ dictionary: [], stopWords: [], version: 0 }) : textSettings(ctx.scope.store, ds)
		]);
		return { filter: ctx.filter, dims: ctx.dims, tz: ctx.tz, changes, over, themes, settings };
	});
};
