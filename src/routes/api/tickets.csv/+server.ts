import { streamCsv } from '$lib/server/analytics/http';
import { ticketsCsv } from '$lib/server/analytics/tickets';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => streamCsv(url, 'tickets.csv', (scope, filter, p) => ticketsCsv(scope, filter, p.get('sort')));
