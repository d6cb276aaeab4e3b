import { answer } from '$lib/server/analytics/http';
import { overview } from '$lib/server/analytics/overview';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => answer(url, (scope, filter) => overview(scope, filter));
