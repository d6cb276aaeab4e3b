import { answer } from '$lib/server/analytics/http';
import { listTickets } from '$lib/server/analytics/tickets';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	answer(url, (scope, filter, p) => listTickets(scope, filter, Number(p.get('page') ?? 1), p.get('sort'), Number(p.get('pageSize') ?? 50)));
