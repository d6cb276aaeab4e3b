import { getRules, postRule } from '$lib/server/alerts/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => getRules(url);
export const POST: RequestHandler = ({ request, locals }) => postRule(request, locals.user);
