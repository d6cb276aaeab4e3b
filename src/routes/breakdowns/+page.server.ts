import { crosstab } from '$lib/server/analytics/crosstab';
import { pageContext, viewData } from '$lib/server/analytics/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const ctx = await pageContext(url);
	const rows = ctx.dim('rows', ctx.scope.primaryDim)!;
	const cols = ctx.dim('cols', 'channel')!;
	return viewData(async () => {
		const [heat, table] = await Promise.all([crosstab(ctx.scope, ctx.filter, 'weekday', 'hour'), rows === cols ? null : crosstab(ctx.scope, ctx.filter, rows, cols)]);
		return { filter: ctx.filter, dims: ctx.dims, tz: ctx.tz, rowsDim: rows, colsDim: cols, heat: heat.rows, table };
	});
};
