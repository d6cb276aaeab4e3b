import { crosstab } from '$lib/server/analytics/crosstab';
import { answer } from '$lib/server/analytics/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => answer(url, (scope, filter, p) => crosstab(scope, filter, p.get('rows') ?? 'weekday', p.get('cols') ?? 'hour'));
