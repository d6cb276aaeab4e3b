import { answer } from '$lib/server/analytics/http';
import { parseTermTop, parseVs, terms } from '$lib/server/analytics/terms';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => answer(url, (scope, filter, p) => terms(scope, filter, parseVs(p.get('vs')), parseTermTop(p.get('top'))));
