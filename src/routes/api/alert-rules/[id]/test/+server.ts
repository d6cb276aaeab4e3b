import { postTest } from '$lib/server/alerts/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, request }) => postTest(params.id, request);
