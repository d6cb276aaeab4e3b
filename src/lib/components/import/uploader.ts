// Browser side of an upload: XHR for real byte progress, then polling the
// server's progress for rows. Resolves with the import summary or rejects with
// the server's one-sentence error.
export interface UploadState {
	phase: 'uploading' | 'decoding' | 'loading' | 'merging' | 'done' | 'waiting';
	sent: number;
	total: number;
	rows?: number;
	bytes?: number;
	totalBytes?: number;
}

export interface UploadParams {
	encoding: string;
	delimiter: string;
	map: Record<string, string>;
	dateOrder: string;
	/** the dataset's name (existing or new); empty: the server decides */
	dataset?: string;
	/** An Excel workbook: the sheet to import. */
	sheet?: string;
	/** Split category a/b values: true/false; undefined leaves it to the header. */
	splitCategory?: boolean;
}

export class UploadFailed extends Error {
	constructor(
		message: string,
		readonly status: number
	) {
		super(message);
	}
}

/** The import page's preview of an Excel workbook, read by the server: its sheets and one sheet's first rows as CSV. */
export async function previewWorkbook(file: File, sheet?: string): Promise<{ sheets: string[]; sheet: string; csv: string }> {
	const q = new URLSearchParams({ name: file.name });
	if (sheet) q.set('sheet', sheet);
	const r = await fetch(`/api/imports/preview?${q}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file });
	const body = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
	if (!r.ok) throw new UploadFailed(body.error ?? `HTTP ${r.status}`, r.status);
	return body;
}

export function uploadFile(file: File, params: UploadParams, onState: (s: UploadState) => void): { promise: Promise<unknown>; abort: () => void } {
	const token = crypto.randomUUID().replaceAll('-', '');
	const q = new URLSearchParams({ name: file.name, encoding: params.encoding, delimiter: params.delimiter, progress: token });
	if (Object.keys(params.map).length) q.set('map', JSON.stringify(params.map));
	if (params.dateOrder !== 'auto') q.set('dateOrder', params.dateOrder);
	if (params.dataset) q.set('dataset', params.dataset);
	if (params.sheet) q.set('sheet', params.sheet);
	if (params.splitCategory !== undefined) q.set('splitCategory', params.splitCategory ? '1' : '0');
	const xhr = new XMLHttpRequest();
	let poll: ReturnType<typeof setInterval> | null = null;
	const stopPoll = () => {
		if (poll) clearInterval(poll);
		poll = null;
	};
	const promise = new Promise<unknown>((resolve, reject) => {
		xhr.open('POST', `/api/imports?${q}`);
		xhr.setRequestHeader('content-type', 'application/octet-stream');
		xhr.upload.onprogress = (e) => onState({ phase: 'uploading', sent: e.loaded, total: e.total || file.size });
		xhr.upload.onload = () => {
			onState({ phase: 'waiting', sent: file.size, total: file.size });
			poll = setInterval(async () => {
				try {
					const r = await fetch(`/api/imports/progress?token=${token}`);
					if (r.ok) onState({ ...(await r.json()), sent: file.size, total: file.size });
				} catch {
					/* the next tick tries again */
				}
			}, 300);
		};
		xhr.onload = () => {
			stopPoll();
			let body: { error?: string } = {};
			try {
				body = JSON.parse(xhr.responseText);
			} catch {
				body = { error: xhr.responseText.slice(0, 300) || `HTTP ${xhr.status}` };
			}
			if (xhr.status >= 200 && xhr.status < 300) resolve(body);
			else reject(new UploadFailed(body.error ?? `HTTP ${xhr.status}`, xhr.status));
		};
		xhr.onerror = () => {
			stopPoll();
			reject(new UploadFailed('The connection to the server was lost during the upload.', 0));
		};
		xhr.onabort = () => {
			stopPoll();
			reject(new UploadFailed('The upload was cancelled.', 0));
		};
		xhr.send(file);
	});
	return { promise, abort: () => xhr.abort() };
}
