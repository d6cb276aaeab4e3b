// Receiving an upload: the request body (raw, or the multipart field `file`)
// streams to a temp file of ours; a 1 GB upload never sits in memory.
import Busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { tempName } from './tempfiles';
import { DiskFullError, isDiskFull } from './limits';

export class UploadError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

export interface Upload {
	path: string;
	fileName: string;
	bytes: number;
	/** Text fields sent with a multipart upload (encoding, delimiter, map …). */
	fields: Record<string, string>;
}

export function maxUploadBytes(): number {
	const mb = Number(process.env.CAUSEWAY_MAX_UPLOAD_MB || 2048);
	return Math.max(1, mb) * 1024 * 1024;
}

/** An upload that sends nothing for this long is dropped with 408 (CAUSEWAY_UPLOAD_IDLE_S, default 30). */
export function uploadIdleMs(): number {
	const s = Number(process.env.CAUSEWAY_UPLOAD_IDLE_S || 30);
	return (Number.isFinite(s) && s > 0 ? s : 30) * 1000;
}

function limiter(max: number, counter: { bytes: number }) {
	return new Transform({
		transform(chunk: Buffer, _enc, cb) {
			counter.bytes += chunk.length;
			if (counter.bytes > max) cb(new UploadError(413, `The file is larger than the upload limit of ${Math.round(max / 1048576)} MB.`));
			else cb(null, chunk);
		}
	});
}

/** Save the request's file under tmpDir. The caller removes it. */
export async function receiveUpload(request: Request, tmpDir: string, nameHint?: string | null): Promise<Upload> {
	const max = maxUploadBytes();
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > max) {
		discard(request.body);
		throw new UploadError(413, `The file is larger than the upload limit of ${Math.round(max / 1048576)} MB.`);
	}
	// an empty file sent as the body: the same sentence as for an empty file in a form
	if (!request.body && request.headers.get('content-type') && request.headers.get('content-length') === '0') throw new UploadError(422, 'The file is empty.');
	if (!request.body) throw new UploadError(400, 'The request has no file in its body (send the file with a Content-Type such as text/csv, or as the multipart field "file").');
	const path = join(tmpDir, tempName('upload'));
	const counter = { bytes: 0 };
	const body = Readable.fromWeb(request.body as unknown as WebReadableStream);
	const type = request.headers.get('content-type') ?? '';
	// a client that stops sending (slowloris) holds a temp file and an upload place: drop it
	const idleMs = uploadIdleMs();
	let idle: NodeJS.Timeout | undefined;
	// (not by destroying the body: that resets the connection before the client reads the 408)
	let fail: (e: Error) => void = (e) => body.destroy(e);
	const stalled = () => fail(new UploadError(408, `The upload stalled: nothing arrived for ${Math.round(idleMs / 1000)} s.`));
	const awake = () => {
		clearTimeout(idle);
		idle = setTimeout(stalled, idleMs);
	};
	// (watched once piped: a 'data' listener alone would start the flow)
	const watch = () => {
		awake();
		body.on('data', awake);
		body.on('end', () => clearTimeout(idle));
	};
	try {
		if (type.startsWith('multipart/form-data')) {
			const fields: Record<string, string> = {};
			let fileName = '';
			let gotFile = false;
			await new Promise<void>((resolve, reject) => {
				const bb = Busboy({ headers: { 'content-type': type }, limits: { files: 1, fields: 20, fieldSize: 1 << 20 } });
				const writes: Promise<void>[] = [];
				bb.on('file', (name, stream, info) => {
					if (name !== 'file') {
						stream.resume();
						return;
					}
					gotFile = true;
					fileName = info.filename ?? '';
					writes.push(pipeline(stream, limiter(max, counter), createWriteStream(path)));
				});
				bb.on('field', (name, value) => (fields[name] = value));
				bb.on('error', reject);
				bb.on('close', () => Promise.all(writes).then(() => resolve(), reject));
				body.on('error', reject);
				fail = reject;
				body.pipe(bb);
				watch();
			});
			if (!gotFile) throw new UploadError(400, 'The form has no field named "file".');
			return { path, fileName: safeName(fields.name || fileName || nameHint || 'upload.csv'), bytes: counter.bytes, fields };
		}
		// body → limit, not pipeline(body, …): on an error pipeline would cancel the body, and
		// cancelling it resets the connection before the client reads our 413
		const limit = limiter(max, counter);
		body.on('error', (e) => limit.destroy(e));
		fail = (e) => limit.destroy(e);
		body.pipe(limit);
		watch();
		await pipeline(limit, createWriteStream(path));
		return { path, fileName: safeName(nameHint || 'upload.csv'), bytes: counter.bytes, fields: {} };
	} catch (e) {
		// read and drop the rest of the body (bounded by the server's request timeout), so the answer reaches the client
		body.unpipe();
		body.resume();
		await rm(path, { force: true });
		if (e instanceof UploadError) throw e;
		if (isDiskFull(e)) throw new UploadError(507, new DiskFullError().message);
		throw new UploadError(400, `The upload did not arrive whole: ${(e as Error).message}`);
	} finally {
		clearTimeout(idle);
	}
}

/**
 * Read and drop a body we answer without: cancelling it would reset the connection before the client
 * reads the answer, and leaving it unread would leave the connection stuck for the client's next request.
 * The server's request timeout bounds how long a client can keep sending.
 */
export function discard(body: ReadableStream<Uint8Array> | null) {
	body?.pipeTo(new WritableStream()).catch(() => undefined);
}

/** A file name to record and show: the base name only, no path parts or control characters. */
export function safeName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
	return clean === '' || clean === '.' || clean === '..' ? 'upload.csv' : clean;
}
