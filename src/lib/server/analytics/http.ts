// The analytics API's request handling, so routes stay one line: read the Filter
// from the URL, answer JSON, turn a BadRequest into 400 {error}.
import { json } from '@sveltejs/kit';
import { parseFilter, type Filter } from '../../filters';
import { workspace } from '../workspace';
import { BadRequest, Conflict, NotFound } from '../errors';
import { scopeFor, type Scope } from './scope';

/** A request error as its JSON answer; anything else is rethrown (a 500). */
export function errorResponse(e: unknown): Response {
	if (e instanceof Conflict) return json({ error: e.message, current: e.current }, { status: 409 });
	if (e instanceof BadRequest || e instanceof NotFound) return json({ error: e.message }, { status: e.status });
	throw e;
}

export async function answer(url: URL, fn: (scope: Scope, filter: Filter, params: URLSearchParams) => Promise<unknown>): Promise<Response> {
	try {
		const filter = parseFilter(url.searchParams);
		const scope = await scopeFor(await workspace(), filter.dataset);
		return json(await fn(scope, filter, url.searchParams));
	} catch (e) {
		return errorResponse(e);
	}
}

export async function streamCsv(url: URL, name: string, fn: (scope: Scope, filter: Filter, params: URLSearchParams) => AsyncGenerator<string>): Promise<Response> {
	let lines: AsyncGenerator<string>;
	try {
		const filter = parseFilter(url.searchParams);
		lines = fn(await scopeFor(await workspace(), filter.dataset), filter, url.searchParams);
		const first = await lines.next();
		const encoder = new TextEncoder();
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				if (!first.done) controller.enqueue(encoder.encode(first.value));
			},
			async pull(controller) {
				const next = await lines.next();
				if (next.done) controller.close();
				else controller.enqueue(encoder.encode(next.value));
			}
		});
		return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` } });
	} catch (e) {
		return errorResponse(e);
	}
}
