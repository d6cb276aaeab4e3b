import { answer } from '$lib/server/analytics/http';
import { movers } from '$lib/server/analytics/movers';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => answer(url, (scope, filter, p) => movers(scope, filter, p.get('dim') ?? scope.primaryDim));
