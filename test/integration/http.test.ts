// The import API against the built server (node build/index.js), as `npm start` runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { DATASETS, tempDir } from '../helpers/workspace';

let server: RunningServer;
let cleanup: () => void;

beforeAll(async () => {
	const t = tempDir();
	cleanup = t.cleanup;
	server = await startServer({ CAUSEWAY_DB: join(t.dir, 'http.duckdb'), CAUSEWAY_SEED: 'off', CAUSEWAY_MAX_UPLOAD_MB: '5' });
});
afterAll(async () => {
	await server?.stop();
	cleanup?.();
});

describe('POST /api/imports', () => {
	it('imports a GBK file sent as the raw body', async () => {
		const body = readFileSync(join(DATASETS, 'car_complain_12365auto_gbk.csv'));
		const r = await fetch(`${server.url}/api/imports?name=car.csv`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(200);
		const s = await r.json();
		expect(s).toMatchObject({ file: 'car.csv', encoding: 'gb18030', rowsRead: 630, rowsInserted: 300, rowsCollapsed: 330 });
		expect(s.mapping.created_at).toBe('投诉时间');
	});

	it('imports a multipart upload with a mapping override', async () => {
		const form = new FormData();
		const csv = 'Ticket ID,Purchased,First Response Time\nk1,2021-01-01,2023-06-01 10:00:00\nk2,2021-01-02,\n';
		form.set('file', new Blob([csv], { type: 'text/csv' }), '../../etc/kaggle.csv');
		form.set('map', JSON.stringify({ created_at: 'First Response Time' }));
		const r = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
		expect(r.status).toBe(200);
		const s = await r.json();
		expect(s).toMatchObject({ file: 'kaggle.csv', rowsInserted: 1, rowsRejected: 1 });
		expect(s.rejects[0]).toMatchObject({ line: 3 });
	});

	it('refuses a file that is no export with 422 {error} and writes nothing', async () => {
		const before = (await (await fetch(`${server.url}/api/imports`)).json()).rows.length;
		const r = await fetch(`${server.url}/api/imports?name=x.csv`, { method: 'POST', body: 'id,subject\n1,hello\n' });
		expect(r.status).toBe(422);
		expect((await r.json()).error).toMatch(/No column can be the creation time/);
		expect((await (await fetch(`${server.url}/api/imports`)).json()).rows.length).toBe(before);
	});

	it('refuses a write from a page on another site', async () => {
		const r = await fetch(`${server.url}/api/imports?name=x.csv`, { method: 'POST', body: 'a,b\n', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' } });
		expect(r.status).toBe(403);
	});

	it('answers 413 for an upload over the size limit', async () => {
		const r = await fetch(`${server.url}/api/imports?name=big.csv`, { method: 'POST', body: new Uint8Array(6 * 1024 * 1024).fill(0x61), headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(413);
		expect((await r.json()).error).toMatch(/upload limit/);
	});

	it('lists imports, serves rejects as formula-safe CSV, and undoes', async () => {
		const csv = 'id,created,text\na1,2024-01-01 10:00,ok\n=cmd|calc,nope,x\n';
		const s = await (await fetch(`${server.url}/api/imports?name=f.csv`, { method: 'POST', body: csv })).json();
		const list = (await (await fetch(`${server.url}/api/imports`)).json()).rows;
		expect(list[0]).toMatchObject({ id: s.importId, file_name: 'f.csv', status: 'done', tickets_now: 1 });
		const rej = await (await fetch(`${server.url}/api/imports/${s.importId}/rejects.csv`)).text();
		expect(rej).toContain('"\'=cmd|calc,nope,x"');
		const del = await fetch(`${server.url}/api/imports/${s.importId}`, { method: 'DELETE' });
		expect(await del.json()).toMatchObject({ removed: 1, restored: 0 });
		expect((await fetch(`${server.url}/api/imports/${s.importId}`, { method: 'DELETE' })).status).toBe(404);
		expect((await fetch(`${server.url}/api/imports/abc`, { method: 'DELETE' })).status).toBe(404);
	});
});
