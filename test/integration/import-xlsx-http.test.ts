// .xlsx through the real built server: POST /api/imports with a sheet, the
// import page's workbook preview, and an old .xls refused with its sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { tempDir } from '../helpers/workspace';
import { writeWorkbook } from '../helpers/workbook';

let server: RunningServer;
let dir: string;
let cleanup: () => void;
let book: Buffer;
beforeAll(async () => {
	({ dir, cleanup } = tempDir());
	server = await startServer({ CAUSEWAY_DB: join(dir, 'http.duckdb'), CAUSEWAY_SEED: 'off' });
	await writeWorkbook(join(dir, 'w.xlsx'));
	book = readFileSync(join(dir, 'w.xlsx'));
});
afterAll(async () => {
	await server?.stop();
	cleanup?.();
});

const post = (path: string, body: Uint8Array) =>
	fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body: new Blob([new Uint8Array(body)]) });

describe('Excel over HTTP', () => {
	it('the preview lists the sheets and gives the first rows of one as CSV', async () => {
		const r = await post('/api/imports/preview?name=w.xlsx', book);
		expect(r.status).toBe(200);
		const p = await r.json();
		expect(p).toMatchObject({ sheets: ['Cover', 'Tickets', 'Archive'], sheet: 'Tickets', truncated: false });
		expect(p.csv.split('\n')[1]).toBe('X-1,2024-04-15 09:30:00,APP,支付问题/支付失败,满意');
		const other = await (await post('/api/imports/preview?name=w.xlsx&sheet=Archive', book)).json();
		expect(other.csv).toContain('"Old, with a comma"');
		const missing = await post('/api/imports/preview?name=w.xlsx&sheet=Nope', book);
		expect(missing.status).toBe(422);
		expect((await missing.json()).error).toMatch(/no sheet "Nope"/);
	});

	it('POST /api/imports imports the chosen sheet and says which', async () => {
		const r = await post('/api/imports?name=w.xlsx&sheet=Archive', book);
		expect(r.status).toBe(200);
		const s = await r.json();
		expect(s).toMatchObject({ file: 'w.xlsx', sheet: 'Archive', rowsInserted: 1 });
		const t = await (await fetch(server.url + '/api/tickets?pageSize=5')).json();
		expect(t.rows.map((x: { ticket_id: string }) => x.ticket_id)).toEqual(['OLD-1']);
	});

	it('an old .xls is refused with a sentence and nothing is written', async () => {
		const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
		const r = await post('/api/imports?name=old.xls', xls);
		expect(r.status).toBe(422);
		expect((await r.json()).error).toMatch(/\.xls\), which is not supported/);
		expect((await (await fetch(server.url + '/api/imports')).json()).rows).toHaveLength(1);
	});
});
