// Progress of running imports, keyed by a token the browser chose, for the
// import page's progress bar (bytes while uploading, then rows).
import type { ImportProgress } from './importer';

const TTL_MS = 10 * 60 * 1000;
const table = new Map<string, ImportProgress & { at: number }>();

export function setProgress(token: string, p: ImportProgress) {
	table.set(token, { ...table.get(token), ...p, at: Date.now() });
	for (const [k, v] of table) if (Date.now() - v.at > TTL_MS) table.delete(k);
}

export function getProgress(token: string): ImportProgress | null {
	const p = table.get(token);
	if (!p) return null;
	const { at: _at, ...rest } = p;
	return rest;
}

export function validToken(token: string | null): token is string {
	return token !== null && /^[A-Za-z0-9_-]{8,64}$/.test(token);
}
