import { json } from '@sveltejs/kit';
import { getProgress, validToken } from '$lib/server/ingest/progress';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => {
	const token = url.searchParams.get('token');
	if (!validToken(token)) return json({ error: 'token is 8–64 letters, digits, - or _' }, { status: 400 });
	return json(getProgress(token) ?? { phase: 'waiting' });
};
