import { answer } from '$lib/server/analytics/http';
import { pareto, parseTop } from '$lib/server/analytics/pareto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	answer(url, (scope, filter, p) => pareto(scope, filter, p.get('dim') ?? scope.primaryDim, p.get('weight') === 'priority' ? 'priority' : 'none', parseTop(p.get('top'))));
