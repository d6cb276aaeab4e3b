import { answer } from '$lib/server/analytics/http';
import { listTickets, parsePaging } from '$lib/server/analytics/tickets';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	answer(url, (scope, filter, p) => {
		const { page, pageSize } = parsePaging(p.get('page'), p.get('pageSize'));
		return listTickets(scope, filter, page, p.get('sort'), pageSize);
	});
