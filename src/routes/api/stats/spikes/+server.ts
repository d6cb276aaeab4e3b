import { answer } from '$lib/server/analytics/http';
import { parseGrain } from '$lib/server/analytics/scope';
import { spikes } from '$lib/server/analytics/spikes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => answer(url, (scope, filter, p) => spikes(scope, filter, parseGrain(p.get('grain')), p.get('dim') ?? scope.primaryDim));
