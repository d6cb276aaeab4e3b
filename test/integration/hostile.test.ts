// The hostile corpus (test/hostile/generate.ts) through the importer and through
// the real HTTP server: each file is either refused with one sentence and changes
// nothing, or its good rows load and each bad row is rejected with its line and
// reason. Text that a spreadsheet, a browser or a database would run is stored as
// it is and exported formula-safe. Uploads with a path in their name, over the
// size limit, or cut off half way leave nothing behind, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import Papa from 'papaparse';
import { EXPECT, FORMULAS, HEADER, HTML, SQL, MIXED_GBK, MIXED_UTF8, HUGE_FIELD_BYTES, BOMB_UPLOAD_MB, generateCorpus, goodRow, type Expectation } from '../hostile/generate';
import { importFile, listRejects, RefusedError, tmpDirFor } from '../../src/lib/server/ingest/importer';
import { localise, localiseReason } from '../../src/lib/ingest/messages';
import { startServer, type RunningServer } from '../helpers/server';
import { count, tempDir, tempStore, writeFile } from '../helpers/workspace';

const CJK = /[\u4e00-\u9fff]/;
const CASES = Object.keys(EXPECT);

let dir: string;
let cleanup: () => void;
let corpus: Record<string, string>;

const savedUploadMb = process.env.CAUSEWAY_MAX_UPLOAD_MB;
beforeAll(() => {
	({ dir, cleanup } = tempDir('causeway-hostile-'));
	corpus = generateCorpus(join(dir, 'corpus'));
	// every case is under 64 MB; the gzip bomb expands far past 2 × 64 MB
	process.env.CAUSEWAY_MAX_UPLOAD_MB = String(BOMB_UPLOAD_MB);
});
afterAll(() => {
	if (savedUploadMb === undefined) delete process.env.CAUSEWAY_MAX_UPLOAD_MB;
	else process.env.CAUSEWAY_MAX_UPLOAD_MB = savedUploadMb;
	cleanup?.();
});

/** One sentence for a person: one line, a full stop, not a dump of the file. */
function expectOneSentence(message: string) {
	expect(message).not.toMatch(/[\r\n]/);
	expect(message.length).toBeLessThan(300);
	expect(message).toMatch(/[.]$/);
	expect(localise(message, 'zh'), message).toMatch(CJK);
}

function loadedOf(e: Expectation) {
	if ('refused' in e) throw new Error('a refused case');
	return e;
}

describe('importFile on the hostile corpus', () => {
	it('the corpus has every case it promises', () => {
		expect(Object.keys(corpus).sort()).toEqual([...CASES].sort());
	});

	it.each(CASES)('%s', async (name) => {
		const { store, cleanup } = await tempStore();
		try {
			const tables = async () => ({
				tickets: await count(store, 'SELECT count(*) AS n FROM tickets'),
				imports: await count(store, 'SELECT count(*) AS n FROM imports'),
				rejects: await count(store, 'SELECT count(*) AS n FROM import_rejects')
			});
			const before = await tables();
			const exp = EXPECT[name];
			if ('refused' in exp) {
				const err = await importFile(store, corpus[name]).then(
					() => null,
					(e: Error) => e
				);
				expect(err).toBeInstanceOf(RefusedError);
				expect(err!.message).toMatch(exp.refused);
				expectOneSentence(err!.message);
				expect(await tables()).toEqual(before);
			} else {
				const s = await importFile(store, corpus[name]);
				expect({ inserted: s.rowsInserted, rejected: s.rowsRejected }).toEqual({ inserted: exp.loaded.length, rejected: exp.rejects.length });
				const ids = (await store.all<{ ticket_id: string }>('SELECT ticket_id FROM tickets')).map((r) => r.ticket_id);
				expect(ids.sort()).toEqual([...exp.loaded].sort());
				const rejects = await listRejects(store, s.importId);
				expect(rejects.map((r) => r.line)).toEqual(exp.rejects.map((r) => r.line));
				rejects.forEach((r, i) => {
					expect(r.reason).toMatch(exp.rejects[i].reason);
					expect(localiseReason(r.reason, 'zh'), r.reason).toMatch(CJK);
				});
				await checkStored(name, async (id) => (await store.one<{ subject: string; description: string; attrs: Record<string, unknown> }>('SELECT subject, description, attrs FROM tickets WHERE ticket_id = $id', { id }))!);
				if (name === 'bom-middle') {
					// the JS driver hides a leading BOM when it reads a string: ask the database
					expect(await count(store, `SELECT count(*) AS n FROM tickets WHERE contains(ticket_id, chr(65279))`)).toBe(0);
					expect(await count(store, `SELECT count(*) AS n FROM tickets WHERE ticket_id = 'T7'`)).toBe(1);
				}
				if (name === 'nul-bytes') {
					expect(await count(store, `SELECT count(*) AS n FROM tickets WHERE contains(subject || description, chr(0))`)).toBe(0);
					expect(rejects[0].raw).toContain('Nul\u2400in subject');
				}
			}
			// no decoded copy of the file is left in the temp dir
			expect(readdirSync(tmpDirFor(store))).toEqual([]);
		} finally {
			await cleanup();
		}
	});
});

describe('a file too big for the memory limit', () => {
	it('is refused with a sentence, and the database is as it was', async () => {
		const saved = process.env.CAUSEWAY_MEMORY_LIMIT;
		process.env.CAUSEWAY_MEMORY_LIMIT = '64MB';
		const { store, dir, cleanup } = await tempStore();
		try {
			// 1,000 columns (the most the sniffer takes): DuckDB keeps a block per column while staging
			const head = `${HEADER}${Array.from({ length: 994 }, (_, i) => `,Extra ${i + 1}`).join('')}`;
			const rows = Array.from({ length: 50 }, (_, i) => `${goodRow(i + 1)}${',v'.repeat(994)}`);
			const err = await importFile(store, writeFile(dir, 'wide.csv', [head, ...rows].join('\n'))).then(
				() => null,
				(e: Error) => e
			);
			expect(err).toBeInstanceOf(RefusedError);
			expect(err!.message).toBe('The import ran out of memory (the file has 1000 columns): raise CAUSEWAY_MEMORY_LIMIT, or export fewer columns or rows.');
			expectOneSentence(err!.message);
			expect(await count(store, 'SELECT count(*) AS n FROM imports')).toBe(0);
			expect(await count(store, 'SELECT count(*) AS n FROM tickets')).toBe(0);
			expect(readdirSync(tmpDirFor(store))).toEqual([]);
		} finally {
			if (saved === undefined) delete process.env.CAUSEWAY_MEMORY_LIMIT;
			else process.env.CAUSEWAY_MEMORY_LIMIT = saved;
			await cleanup();
		}
	});
});

/** What the stored tickets of a case must hold, read through `get`. */
async function checkStored(name: string, get: (id: string) => Promise<{ subject: string; description: string; attrs: Record<string, unknown> | string | null }>) {
	const verbatim = async (prefix: string, texts: string[]) => {
		for (const [i, t] of texts.entries()) expect(await get(`${prefix}${i + 1}`)).toMatchObject({ subject: t, description: t });
	};
	if (name === 'formula') await verbatim('F', FORMULAS);
	if (name === 'html') await verbatim('H', HTML);
	if (name === 'sql') {
		await verbatim('S', SQL);
		const attrs = (await get('S1')).attrs;
		expect(typeof attrs === 'string' ? JSON.parse(attrs) : attrs).toEqual({ "Notes'); DROP TABLE tickets; --": SQL[0] });
	}
	if (name === 'mixed-encoding-head') {
		for (const row of [...MIXED_UTF8, ...MIXED_GBK]) {
			const [id, , subject, description] = row.split(',');
			expect(await get(id)).toMatchObject({ subject, description });
		}
	}
	if (name === 'huge-field') {
		const d = (await get('T1')).description;
		expect(d.length).toBeGreaterThan(HUGE_FIELD_BYTES - 10);
		expect(d.endsWith('x, end')).toBe(true);
	}
}

describe('the hostile corpus through POST /api/imports', () => {
	let server: RunningServer;
	let tmp: string;
	let stop: () => void;

	beforeAll(async () => {
		const t = tempDir('causeway-hostile-http-');
		stop = t.cleanup;
		tmp = join(t.dir, 'tmp');
		mkdirSync(tmp);
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'hostile.duckdb'), CAUSEWAY_SEED: 'off', CAUSEWAY_TMP: tmp, CAUSEWAY_MAX_UPLOAD_MB: String(BOMB_UPLOAD_MB) });
	});
	afterAll(async () => {
		await server?.stop();
		stop?.();
	});

	const api = async (path: string, init?: RequestInit) => {
		const r = await fetch(`${server.url}${path}`, init);
		return { status: r.status, type: r.headers.get('content-type') ?? '', body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
	};
	const state = async () => ({
		imports: (await api('/api/imports')).body.rows.length as number,
		tickets: (await api('/api/tickets?pageSize=1')).body.total as number
	});

	it.each(CASES)('%s', async (name) => {
		const before = await state();
		expect(before.tickets).toBe(0);
		const exp = EXPECT[name];
		const r = await api(`/api/imports?name=${encodeURIComponent(`${name}.csv`)}`, {
			method: 'POST',
			body: readFileSync(corpus[name]),
			headers: { 'content-type': 'text/csv' }
		});
		if ('refused' in exp) {
			expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(422);
			expect(r.body.error).toMatch(exp.refused);
			expectOneSentence(r.body.error);
			expect(await state()).toEqual(before);
		} else {
			expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
			const e = loadedOf(exp);
			expect(r.body).toMatchObject({ file: `${name}.csv`, rowsInserted: e.loaded.length, rowsRejected: e.rejects.length });
			const imp = await api(`/api/imports/${r.body.importId}`);
			expect(imp.status).toBe(200);
			expect(imp.body.rejects.map((x: { line: number }) => x.line)).toEqual(e.rejects.map((x) => x.line));
			imp.body.rejects.forEach((x: { reason: string }, i: number) => expect(x.reason).toMatch(e.rejects[i].reason));
			const list = await api('/api/tickets?pageSize=500&sort=ticket_id');
			expect(list.body.total).toBe(e.loaded.length);
			if (e.loaded.length <= 500) expect(list.body.rows.map((t: { ticket_id: string }) => t.ticket_id).sort()).toEqual([...e.loaded].sort());
			// stored text comes back as it went in (huge-field: not in a page of 500 rows' JSON twice over)
			if (name !== 'huge-field') {
				const byId = new Map(list.body.rows.map((t: { ticket_id: string }) => [t.ticket_id, t]));
				await checkStored(name, async (id) => byId.get(id) as never);
			}
			if (name === 'formula') await checkFormulaExport();
			if (name === 'bom-middle') {
				// the row that had a BOM before it is the same ticket as T7 without one: next week's export updates it
				const again = await api('/api/imports?name=again.csv', { method: 'POST', body: `${HEADER}\n${goodRow(7)}\n`, headers: { 'content-type': 'text/csv' } });
				expect(again.body).toMatchObject({ rowsInserted: 0, rowsUnchanged: 1 });
				expect((await api(`/api/imports/${again.body.importId}`, { method: 'DELETE' })).status).toBe(200);
			}
			// undo, so the next case starts from an empty database
			expect((await api(`/api/imports/${r.body.importId}`, { method: 'DELETE' })).body).toMatchObject({ removed: e.loaded.length });
			expect((await state()).tickets).toBe(0);
		}
		expect((await api('/api/stats/overview')).status).toBe(200);
		expect(readdirSync(tmp)).toEqual([]);
	});

	/** The CSV export prefixes every cell a spreadsheet would run with ' and changes nothing else. */
	async function checkFormulaExport() {
		const csv = await api('/api/tickets.csv?sort=ticket_id');
		expect(csv.status).toBe(200);
		expect(csv.type).toMatch(/^text\/csv/);
		const rows = Papa.parse<string[]>(csv.body.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
		const [header, ...data] = rows;
		const col = (n: string) => header.indexOf(n);
		for (const cells of data) for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
		for (const [i, f] of FORMULAS.entries()) {
			const row = data.find((c) => c[col('ticket_id')] === `F${i + 1}`)!;
			expect(row[col('subject')]).toBe(`'${f}`);
			expect(row[col('description')]).toBe(`'${f}`);
		}
		// ordinary text is not touched
		expect(data.find((c) => c[col('ticket_id')] === 'T1')![col('subject')]).toBe('Subject 1');
	}

	it('records a name with a path in it as a plain name, and writes only its own temp file', async () => {
		const names = ['../../../../tmp/causeway-evil.csv', '..\\..\\evil.csv', '/etc/passwd', '..', 'a\r\nX-Injected: 1.csv'];
		const expected = ['causeway-evil.csv', 'evil.csv', 'passwd', 'upload.csv', 'aX-Injected: 1.csv'];
		for (const [i, name] of names.entries()) {
			const r = await api(`/api/imports?name=${encodeURIComponent(name)}`, {
				method: 'POST',
				body: `Ticket ID,Created at,Subject\nP${i},2024-03-01 10:00,path ${i}\n`,
				headers: { 'content-type': 'text/csv' }
			});
			expect(r.status).toBe(200);
			expect(r.body.file).toBe(expected[i]);
			const imp = await api(`/api/imports/${r.body.importId}`);
			expect(imp.body.file_name).toBe(expected[i]);
			expect((await api(`/api/imports/${r.body.importId}`, { method: 'DELETE' })).status).toBe(200);
		}
		expect(existsSync('/tmp/causeway-evil.csv')).toBe(false);
		expect(readdirSync(tmp)).toEqual([]);
	});
});

describe('uploads over the limit or cut off', () => {
	let server: RunningServer;
	let tmp: string;
	let stop: () => void;

	beforeAll(async () => {
		const t = tempDir('causeway-hostile-limit-');
		stop = t.cleanup;
		tmp = join(t.dir, 'tmp');
		mkdirSync(tmp);
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'limit.duckdb'), CAUSEWAY_SEED: 'off', CAUSEWAY_TMP: tmp, CAUSEWAY_MAX_UPLOAD_MB: '1' });
		// one ticket, so that "changes nothing" is visible
		const r = await fetch(`${server.url}/api/imports?name=base.csv`, { method: 'POST', body: 'Ticket ID,Created at\nB1,2024-03-01 10:00\n', headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(200);
	});
	afterAll(async () => {
		await server?.stop();
		stop?.();
	});

	const state = async () => ({
		imports: ((await (await fetch(`${server.url}/api/imports`)).json()) as { rows: unknown[] }).rows.length,
		tickets: ((await (await fetch(`${server.url}/api/tickets?pageSize=1`)).json()) as { total: number }).total,
		files: readdirSync(tmp)
	});
	const serving = async () => expect((await fetch(`${server.url}/api/stats/overview`)).status).toBe(200);
	const body = (bytes: number) => Buffer.from('Ticket ID,Created at\n' + 'X1,2024-03-01 10:00\n'.repeat(Math.ceil(bytes / 20))).subarray(0, bytes);

	/** A raw HTTP/1.1 request on its own connection: writes `parts` (then ends, unless `cut`), resolves with the answer or the socket error. */
	function raw(headers: Record<string, string>, parts: Buffer[], cut = false): Promise<{ status?: number; text?: string; error?: string; saving?: number }> {
		const u = new URL(server.url);
		return new Promise((resolve) => {
			const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/api/imports?name=cut.csv', headers, agent: false });
			req.on('error', (e) => resolve({ error: e.message }));
			req.on('response', (res) => {
				let text = '';
				res.on('data', (c) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode, text }));
			});
			(async () => {
				for (const p of parts) if (!req.write(p)) await new Promise((r) => req.once('drain', r));
				if (!cut) req.end();
				else {
					// the server has started saving the upload; then the client goes away
					const deadline = Date.now() + 5000;
					while (readdirSync(tmp).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
					const saving = readdirSync(tmp).length;
					req.destroy();
					resolve({ error: 'destroyed', saving });
				}
			})();
		});
	}

	/** Wait until the server has cleaned up after a request that went away. */
	async function settled() {
		const deadline = Date.now() + 5000;
		while (readdirSync(tmp).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	}

	it('answers 413 with one sentence when the declared size is over the limit, and changes nothing', async () => {
		const before = await state();
		const r = await fetch(`${server.url}/api/imports?name=big.csv`, { method: 'POST', body: body(1_500_000), headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(413);
		const { error } = await r.json();
		expect(error).toBe('The file is larger than the upload limit of 1 MB.');
		expectOneSentence(error);
		expect(await state()).toEqual(before);
		await serving();
		await serving();
	});

	it('answers 413 to a chunked upload (no declared size) once it passes the limit, and keeps nothing of it', async () => {
		const before = await state();
		const chunks = Array.from({ length: 40 }, () => body(64 * 1024));
		const r = await raw({ 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, chunks);
		// the answer reaches the client: the rest of the body is read and dropped, not reset
		expect(r).toMatchObject({ status: 413 });
		expect(JSON.parse(r.text!).error).toMatch(/upload limit of 1 MB/);
		await settled();
		expect(await state()).toEqual(before);
		await serving();
	});

	it('answers 413 to a multipart upload over the limit', async () => {
		const before = await state();
		const form = new FormData();
		form.set('file', new Blob([body(1_500_000)], { type: 'text/csv' }), 'big.csv');
		const r = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
		expect(r.status).toBe(413);
		expect(await state()).toEqual(before);
		await serving();
	});

	it.each(['raw', 'multipart'])('a %s upload that stops half way leaves nothing behind', async (kind) => {
		const before = await state();
		const boundary = 'causewayHostileBoundary';
		const headers =
			kind === 'raw'
				? { 'content-type': 'text/csv', 'content-length': '900000' }
				: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': '900000' };
		const parts = [body(300_000)];
		if (kind === 'multipart') parts.unshift(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\n`));
		expect(await raw(headers, parts, true)).toEqual({ error: 'destroyed', saving: 1 });
		await settled();
		expect(await state()).toEqual(before);
		await serving();
	});

	it('reads an empty body as an empty file', async () => {
		const before = await state();
		const r = await fetch(`${server.url}/api/imports?name=empty.csv`, { method: 'POST', body: '', headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(422);
		expect((await r.json()).error).toBe('The file is empty.');
		expect(await state()).toEqual(before);
	});

	it('still imports an ordinary file afterwards', async () => {
		const r = await fetch(`${server.url}/api/imports?name=after.csv`, { method: 'POST', body: 'Ticket ID,Created at\nB2,2024-03-02 10:00\n', headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ rowsInserted: 1 });
		expect(readdirSync(tmp)).toEqual([]);
	});
});
