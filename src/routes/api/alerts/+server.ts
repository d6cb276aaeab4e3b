import { getAlerts } from '$lib/server/alerts/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => getAlerts(url);
