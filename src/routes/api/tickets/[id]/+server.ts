import { answer } from '$lib/server/analytics/http';
import { ticketDetail } from '$lib/server/analytics/ticket';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, params }) => answer(url, (scope) => ticketDetail(scope, params.id));
