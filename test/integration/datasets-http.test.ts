// Datasets through the built server, as `npm start` runs it: the sample is its own
// dataset; an upload goes into the dataset it names; every view and export reads
// one dataset (by default the one imported into last); presets are anchored on the
// dataset's latest day; rename and delete; the deleted sample does not come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { tempDir } from '../helpers/workspace';

let server: RunningServer;
let dir: string;
let cleanup: () => void;
const env = () => ({ CAUSEWAY_DB: join(dir, 'datasets.duckdb') });

beforeAll(async () => {
	const t = tempDir();
	dir = t.dir;
	cleanup = t.cleanup;
	server = await startServer(env());
});
afterAll(async () => {
	await server?.stop();
	cleanup?.();
});

const get = async (path: string) => {
	const r = await fetch(server.url + path);
	return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
};
const send = (method: string, path: string, body?: unknown) =>
	fetch(server.url + path, { method, headers: { 'content-type': 'application/json', origin: server.url }, body: body === undefined ? undefined : JSON.stringify(body) });
const SAMPLE = encodeURIComponent('示例数据');
const DESK = 'Ticket ID,Created,Subject,Priority,Status,Brand\nC202401010001,2024-05-02 08:00,Card declined,High,Open,X\nZ2,2024-05-09 08:00,Refund,Low,Solved,Y\n';

describe('datasets over HTTP', () => {
	let sampleId: number;
	let deskId: number;

	it('loads the sample into its own dataset on first start', async () => {
		const { body } = await get('/api/datasets');
		expect(body.rows).toHaveLength(1);
		expect(body.rows[0]).toMatchObject({ name: '示例数据', sample: true, tickets: 3679, from: '2024-01-01', to: '2024-06-30', imports: 1 });
		sampleId = body.rows[0].id;
		// presets are anchored on the dataset's latest day (2024-06-30, a Sunday), not on today
		const week = await get('/api/stats/overview?preset=this_week');
		expect(week.body.current).toMatchObject({ from: '2024-06-24', to: '2024-06-30' });
		expect((await get('/api/tickets?preset=this_week&pageSize=1')).body.total).toBeGreaterThan(0);
	});

	it('imports into the dataset the request names; the summary says which', async () => {
		const r = await fetch(`${server.url}/api/imports?name=zendesk-w18.csv&dataset=Zendesk`, { method: 'POST', body: DESK, headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(200);
		const s = await r.json();
		expect(s.dataset).toMatchObject({ name: 'Zendesk' });
		expect(s.datasetChoice).toEqual({ how: 'chosen' });
		expect(s.rowsInserted).toBe(2);
		deskId = s.dataset.id;
		// the same ticket id as a sample ticket: both are there
		const both = await get(`/api/tickets?q=&pageSize=5&dataset=${sampleId}`);
		expect(both.body.total).toBe(3679);
	});

	it('reads one dataset everywhere: the one imported into last by default, or the one named', async () => {
		expect((await get('/api/tickets?pageSize=5')).body.total).toBe(2);
		expect((await get(`/api/tickets?pageSize=5&dataset=${SAMPLE}`)).body.total).toBe(3679);
		expect((await get(`/api/tickets?pageSize=5&dataset=${deskId}`)).body.total).toBe(2);
		expect((await get(`/api/stats/pareto?dim=channel&dataset=${SAMPLE}`)).body.total).toBe(3679);
		// custom columns come from the dataset: Brand is Zendesk's, not the sample's
		expect((await get('/api/stats/pareto?dim=attr.Brand')).body.rows.map((r: { key: string }) => r.key).sort()).toEqual(['X', 'Y']);
		expect((await get(`/api/stats/pareto?dim=attr.Brand&dataset=${SAMPLE}`)).status).toBe(400);
		// the CSV export is the dataset's
		const csv = (await get('/api/tickets.csv?dataset=Zendesk')).body as string;
		expect(csv.trim().split('\n')).toHaveLength(3);
		// a dataset that does not exist
		const missing = await get('/api/tickets?dataset=nope');
		expect(missing.status).toBe(404);
		expect(missing.body.error).toMatch(/no dataset "nope"/);
		// pages too
		expect((await fetch(`${server.url}/pareto?dataset=nope`)).status).toBe(404);
		const page = await (await fetch(`${server.url}/?dataset=${SAMPLE}`)).text();
		expect(page).toContain('2024-06-30');
	});

	it('suggests the dataset of a file with the same columns, and imports there without being told', async () => {
		const r = await send('POST', '/api/datasets/suggest', { headers: ['Ticket ID', 'Created', 'Subject', 'Priority', 'Status', 'Brand'], fileName: 'zendesk-w19.csv' });
		expect(await r.json()).toMatchObject({ match: { id: deskId, name: 'Zendesk', shared: 6, of: 6, lastFile: 'zendesk-w18.csv' } });
		const form = new FormData();
		form.set('file', new Blob([DESK.replace('Z2,2024-05-09', 'Z3,2024-05-10')], { type: 'text/csv' }), 'zendesk-w19.csv');
		const s = await (await fetch(`${server.url}/api/imports`, { method: 'POST', body: form })).json();
		expect(s.dataset.id).toBe(deskId);
		expect(s.datasetChoice).toMatchObject({ how: 'matched', shared: 6, of: 6 });
		// a multipart field names the dataset too
		const f2 = new FormData();
		f2.set('file', new Blob([DESK], { type: 'text/csv' }), 'other.csv');
		f2.set('dataset', 'Other desk');
		expect((await (await fetch(`${server.url}/api/imports`, { method: 'POST', body: f2 })).json()).dataset.name).toBe('Other desk');
		expect((await get('/api/imports?dataset=Zendesk')).body.rows.map((r: { file_name: string }) => r.file_name)).toEqual(['zendesk-w19.csv', 'zendesk-w18.csv']);
	});

	it('renames; refuses to delete a dataset its cases belong to unless forced; deletes the sample in one call', async () => {
		const renamed = await send('PATCH', `/api/datasets/${deskId}`, { name: 'Zendesk EU' });
		expect(renamed.status).toBe(200);
		expect((await renamed.json()).name).toBe('Zendesk EU');
		// a name of digits would take over another dataset's `dataset=<id>` links
		const numeric = await send('PATCH', `/api/datasets/${deskId}`, { name: '1' });
		expect(numeric.status).toBe(400);
		expect((await numeric.json()).error).toMatch(/not only digits/);
		expect((await send('PATCH', `/api/datasets/${deskId}`, { name: '示例数据' })).status).toBe(409);

		const c = await (await send('POST', '/api/cases', { title: 'declines', effect: 'priority=P1', dataset: 'Zendesk EU' })).json();
		expect(c.datasetId).toBe(deskId);
		expect((await get(`/api/cases?dataset=${deskId}`)).body.rows.map((r: { id: number }) => r.id)).toEqual([c.id]);
		expect((await get(`/api/cases?dataset=${sampleId}`)).body.rows).toEqual([]);
		const refused = await send('DELETE', `/api/datasets/${deskId}`);
		expect(refused.status).toBe(409);
		expect((await refused.json()).error).toMatch(/1 case belongs/);
		expect((await get(`/api/tickets?dataset=${deskId}&pageSize=1`)).body.total).toBe(3);

		const gone = await send('DELETE', `/api/datasets/${sampleId}`);
		expect(gone.status).toBe(200);
		expect(await gone.json()).toMatchObject({ name: '示例数据', tickets: 3679, imports: 1, cases: 0 });
		expect((await get('/api/datasets')).body.rows.map((r: { name: string }) => r.name)).toEqual(['Other desk', 'Zendesk EU']);

		const forced = await send('DELETE', `/api/datasets/${deskId}?force=1`);
		expect(await forced.json()).toMatchObject({ tickets: 3, imports: 2, cases: 1 });
		expect((await get(`/api/cases/${c.id}`)).status).toBe(404);
	});

	it('does not load the sample again at the next start', async () => {
		await server.stop();
		server = await startServer(env());
		expect((await get('/api/datasets')).body.rows.map((r: { name: string }) => r.name)).toEqual(['Other desk']);
	});
});
