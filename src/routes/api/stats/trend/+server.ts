import { answer } from '$lib/server/analytics/http';
import { parseGrain } from '$lib/server/analytics/scope';
import { trend } from '$lib/server/analytics/trend';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => answer(url, (scope, filter, p) => trend(scope, filter, parseGrain(p.get('grain')), p.get('dim')));
