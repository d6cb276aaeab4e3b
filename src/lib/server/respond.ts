// JSON routes in one line: read the body, run, answer JSON; request errors
// (400/404/409) become `{error}` answers.
import { json } from '@sveltejs/kit';
import { errorResponse } from './analytics/http';
import { BadRequest } from './errors';
import { workspace } from './workspace';
import type { Store } from './db';

export async function readJson(request: Request): Promise<Record<string, unknown>> {
	const text = await request.text();
	if (!text.trim()) return {};
	try {
		const v = JSON.parse(text);
		if (v && typeof v === 'object' && !Array.isArray(v)) return v;
	} catch {
		// fall through
	}
	throw new BadRequest('The body is a JSON object.');
}

export function idParam(v: string): number {
	const n = Number(v);
	if (!Number.isInteger(n) || n <= 0) throw new BadRequest(`"${v}" is not an id.`);
	return n;
}

export async function respond(fn: (store: Store) => Promise<unknown>, status = 200): Promise<Response> {
	try {
		return json(await fn(await workspace()), { status });
	} catch (e) {
		return errorResponse(e);
	}
}
