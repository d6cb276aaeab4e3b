import { answer } from '$lib/server/analytics/http';
import { control, parseChart } from '$lib/server/analytics/control';
import { parseGrain } from '$lib/server/analytics/scope';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	answer(url, (scope, filter, p) => control(scope, filter, parseChart(p.get('chart')), parseGrain(p.get('grain')), p.get('effect') ?? '', p.getAll('stage')));
