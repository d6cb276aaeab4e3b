import { postAcknowledge } from '$lib/server/alerts/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, request, locals }) => postAcknowledge(params.id, request, locals.user);
