// Request body limits, per route. adapter-node's own limit is off
// (scripts/adapter.js); hooks.server.ts calls limitBody() before any route runs:
// - the upload route (POST /api/imports) streams to disk with its own limit,
//   CAUSEWAY_MAX_UPLOAD_MB (src/lib/server/ingest/upload.ts);
// - every other body (JSON API, forms) is read here, at most BODY_LIMIT bytes,
//   before the route sees it: a declared Content-Length over the limit is refused
//   without reading, a chunked body as soon as it passes the limit.
import { maxUploadBytes } from './ingest/upload';

/** Every body but an upload: JSON for the API, form posts for the pages. */
export const BODY_LIMIT = 1024 * 1024;

/** The routes whose handler reads the body as a stream with its own limit. */
const STREAMING = new Set(['POST /api/imports', 'POST /api/imports/preview']);

export function bodyLimit(routeId: string | null, method: string): { bytes: number; streaming: boolean } {
	if (STREAMING.has(`${method} ${routeId}`)) return { bytes: maxUploadBytes(), streaming: true };
	return { bytes: BODY_LIMIT, streaming: false };
}

export function tooLargeMessage(bytes: number): string {
	const size = bytes >= 1024 * 1024 ? `${Math.round(bytes / 1048576)} MB` : `${Math.round(bytes / 1024)} KB`;
	return `The request body is larger than this route accepts (${size}).`;
}

/** The upload route's own sentence (as src/lib/server/ingest/upload.ts says it when the stream passes the limit). */
const uploadTooLarge = (max: number) => `The file is larger than the upload limit of ${Math.round(max / 1048576)} MB.`;

export type LimitedBody = { ok: true; request: Request } | { ok: false; status: 413 | 400; message: string };

/**
 * The request with its body read into memory (at most the route's limit), or why not.
 * Streaming routes get the request as it is, after the Content-Length check.
 */
export async function limitBody(request: Request, routeId: string | null): Promise<LimitedBody> {
	const { bytes, streaming } = bodyLimit(routeId, request.method);
	const declared = request.headers.get('content-length');
	if (declared !== null && Number(declared) > bytes) {
		drain(request.body);
		return { ok: false, status: 413, message: streaming ? uploadTooLarge(bytes) : tooLargeMessage(bytes) };
	}
	if (streaming || !request.body) return { ok: true, request };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > bytes) {
				reader.releaseLock();
				drain(request.body);
				return { ok: false, status: 413, message: tooLargeMessage(bytes) };
			}
			chunks.push(value);
		}
	} catch (e) {
		return { ok: false, status: 400, message: `The request body did not arrive whole: ${(e as Error).message}` };
	}
	const body = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		body.set(c, at);
		at += c.byteLength;
	}
	return { ok: true, request: new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }) };
}

/** How much of a refused body we read and drop so the client reads our 413, before closing the connection. */
const DRAIN = { bytes: 8 * 1024 * 1024, minMs: 250, maxMs: 3000 };

/**
 * Read and drop the rest of a refused body, then close the connection. Cancelling at once
 * would reset the connection before the client has read the answer; reading a 200 MB body to
 * its end would let anyone keep the server busy. So: drop up to DRAIN.bytes (for at least
 * DRAIN.minMs, at most DRAIN.maxMs), then cancel, which closes the socket.
 */
export function drain(body: ReadableStream<Uint8Array> | null): void {
	if (!body) return;
	const started = Date.now();
	let dropped = 0;
	let reader: ReadableStreamDefaultReader<Uint8Array>;
	try {
		reader = body.getReader();
	} catch {
		return; // locked: someone else reads it
	}
	const timer = setTimeout(() => void reader.cancel().catch(() => undefined), DRAIN.maxMs);
	timer.unref?.();
	void (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				dropped += value.byteLength;
				if (dropped > DRAIN.bytes && Date.now() - started > DRAIN.minMs) {
					await reader.cancel();
					break;
				}
			}
		} catch {
			// the client went away: nothing to drop
		} finally {
			clearTimeout(timer);
		}
	})();
}
