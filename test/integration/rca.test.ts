// The RCA story on the sample data, through the real HTTP server: open a case on
// the April 支付失败 spike, the suggestions rank E2001 first, add it as a cause,
// a data comparison confirms it, an action done in May shows the effect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { tempDir } from '../helpers/workspace';

let server: RunningServer;
let cleanup: () => void;
beforeAll(async () => {
	const t = tempDir();
	cleanup = t.cleanup;
	server = await startServer({ CAUSEWAY_DB: join(t.dir, 'rca.duckdb') });
});
afterAll(async () => {
	await server?.stop();
	cleanup?.();
});

async function call(method: string, path: string, body?: unknown) {
	const r = await fetch(server.url + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
	const text = await r.text();
	return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe('a case on the April 支付失败 spike', () => {
	let caseId: number;
	let causeId: number;

	it('opens with its effect, window and baseline', async () => {
		const r = await call('POST', '/api/cases', {
			title: '4月支付失败上升',
			problem: '2024年4月 支付失败 较上月上升 X%',
			effect: 'subcategory=支付失败',
			window: { from: '2024-04-01', to: '2024-04-30' },
			baseline: { from: '2024-01-01', to: '2024-03-31' }
		});
		expect(r.status).toBe(201);
		caseId = r.body.id;
		expect(r.body).toMatchObject({ state: 'new', version: 1, effect: 'subcategory=%E6%94%AF%E4%BB%98%E5%A4%B1%E8%B4%A5' });
		expect(r.body.bones.map((b: { id: string }) => b.id)).toEqual(['man', 'machine', 'material', 'method', 'environment', 'measurement']);
		expect((await call('GET', '/api/cases')).body.rows.map((c: { id: number }) => c.id)).toContain(caseId);
	});

	it('suggests error code E2001 first, on the Machine bone', async () => {
		const r = await call('GET', `/api/cases/${caseId}/suggestions`);
		expect(r.status).toBe(200);
		expect(r.body.rows[0]).toMatchObject({ dim: 'error_code', key: 'E2001', bone: 'machine' });
		expect(r.body.rows[0].lift).toBeGreaterThan(1);
		expect(r.body.rows[0].p).toBeLessThan(0.001);
		for (const s of r.body.rows) expect(s.dim).not.toBe('subcategory');
	});

	it('adds it as a cause; its status cannot be set by hand', async () => {
		const r = await call('POST', `/api/cases/${caseId}/causes`, { bone: 'machine', text: '支付网关返回 E2001', filter: 'error_code=E2001' });
		expect(r.status).toBe(201);
		causeId = r.body.id;
		expect(r.body).toMatchObject({ status: 'unverified', bone: 'machine', version: 1 });
		const refused = await call('PATCH', `/api/causes/${causeId}`, { status: 'verified', version: 1 });
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatch(/verification/);
		// nested causes, three levels
		const sub = await call('POST', `/api/cases/${caseId}/causes`, { parentId: causeId, text: '新版 APP 的支付 SDK' });
		const subsub = await call('POST', `/api/cases/${caseId}/causes`, { parentId: sub.body.id, text: 'SDK 超时设置过短' });
		expect(subsub.body.bone).toBe('machine');
		// moving a cause under its own sub-cause is refused
		expect((await call('PATCH', `/api/causes/${causeId}`, { parentId: subsub.body.id, version: 1 })).status).toBe(400);
	});

	it('a data comparison confirms it: the verification is computed, stored, and moves the status', async () => {
		const typed = await call('POST', `/api/causes/${causeId}/verifications`, { method: 'data_comparison', result: 'confirmed' });
		expect(typed.status).toBe(400);
		const r = await call('POST', `/api/causes/${causeId}/verifications`, { method: 'data_comparison', compare: { kind: 'presence' }, note: 'E2001 vs others, April' });
		expect(r.status).toBe(201);
		expect(r.body.result).toBe('confirmed');
		expect(r.body.figures).toMatchObject({ test: 'two_proportion_z', kind: 'presence' });
		expect(r.body.figures.a.rate).toBeGreaterThan(r.body.figures.b.rate);
		expect(r.body.figures.p).toBeLessThan(0.001);
		const c = (await call('GET', `/api/cases/${caseId}`)).body;
		const cause = c.causes.find((x: { id: number }) => x.id === causeId);
		expect(cause.status).toBe('verified');
		expect(cause.version).toBe(2);
		expect(c.verifications).toHaveLength(1);
	});

	it('two people editing: the second save with a stale version gets 409 and the stored case', async () => {
		const c = (await call('GET', `/api/cases/${caseId}`)).body;
		const first = await call('PATCH', `/api/cases/${caseId}`, { state: 'analysing', version: c.version });
		expect(first.status).toBe(200);
		const second = await call('PATCH', `/api/cases/${caseId}`, { title: '另一个标题', version: c.version });
		expect(second.status).toBe(409);
		expect(second.body.current).toMatchObject({ state: 'analysing', version: c.version + 1 });
		expect((await call('GET', `/api/cases/${caseId}`)).body.title).toBe('4月支付失败上升');
		// one step at a time; resolving needs a resolution
		expect((await call('PATCH', `/api/cases/${caseId}`, { state: 'resolved', version: c.version + 1 })).status).toBe(400);
	});

	it('an action done in May shows the effect: improved, with the staged control chart', async () => {
		const a = await call('POST', `/api/cases/${caseId}/actions`, { causeId, text: '回滚支付 SDK 并调整超时', owner: '支付组', due: '2024-05-10' });
		expect(a.status).toBe(201);
		expect((await call('GET', `/api/actions/${a.body.id}/effect`)).status).toBe(400);
		expect((await call('PATCH', `/api/actions/${a.body.id}`, { state: 'done', version: 1 })).status).toBe(400);
		const done = await call('PATCH', `/api/actions/${a.body.id}`, { state: 'done', doneAt: '2024-05-08', version: 1 });
		expect(done.body).toMatchObject({ state: 'done', doneAt: '2024-05-08', version: 2 });
		const e = await call('GET', `/api/actions/${a.body.id}/effect`);
		expect(e.status).toBe(200);
		expect(e.body.verdict).toBe('improved');
		expect(e.body.before.rate).toBeGreaterThan(e.body.after.rate);
		expect(e.body.p).toBeLessThan(0.05);
		expect(e.body.after.from).toBe('2024-05-08');
		expect(e.body.points.length).toBeGreaterThan(8);
	});

	it('exports the whole case as Markdown, user text escaped', async () => {
		const r = await call('GET', `/api/cases/${caseId}/report.md`);
		expect(r.status).toBe(200);
		const text = r.body as string;
		expect(text).toMatch(/^# 4月支付失败上升/);
		expect(text).toContain('[已验证] 支付网关返回 E2001');
		expect(text).toMatch(/数据对比 → 证实 — \d+\/\d+ vs \d+\/\d+, two_proportion_z, p = < 0.001/);
		expect(text).toContain('**改善 improved**');
		const evil = await call('POST', '/api/cases', { title: '<img src=x onerror=alert(1)> *bold*' });
		const report = (await call('GET', `/api/cases/${evil.body.id}/report.md`)).body as string;
		expect(report).toContain('&lt;img src=x onerror=alert(1)&gt; \\*bold\\*');
		expect(report).not.toContain('<img');
		// a filter value with backticks: once it broke out of the code span the filter was shown in
		const q = new URLSearchParams({ q: '` <img src=x onerror=alert(1)> `' }).toString();
		const inFilter = await call('POST', '/api/cases', { title: 'filters', effect: q });
		expect(inFilter.status).toBe(201);
		expect((await call('POST', `/api/cases/${inFilter.body.id}/causes`, { bone: 'method', text: 'cause', filter: q })).status).toBe(201);
		const withFilters = (await call('GET', `/api/cases/${inFilter.body.id}/report.md`)).body as string;
		expect(withFilters).not.toContain('<img');
		expect(withFilters.match(/\\` &lt;img src=x onerror=alert\(1\)&gt; \\`/g)).toHaveLength(2);
	});

	it('a 5-Why leaf promoted onto a bone becomes a cause', async () => {
		const w1 = await call('POST', `/api/cases/${caseId}/whys`, { text: '支付请求失败' });
		const w2 = await call('POST', `/api/cases/${caseId}/whys`, { parentId: w1.body.id, text: '网关超时', filter: 'error_code=E2001' });
		const p = await call('POST', `/api/whys/${w2.body.id}/promote`, { bone: 'method' });
		expect(p.status).toBe(201);
		expect(p.body).toMatchObject({ bone: 'method', text: '网关超时', fromWhy: w2.body.id });
		const c = (await call('GET', `/api/cases/${caseId}`)).body;
		expect(c.whys.find((w: { id: number }) => w.id === w2.body.id)).toMatchObject({ root: true, causeId: p.body.id });
	});

	it('pins evidence tickets to a cause: only its own case, once, and they can be unpinned', async () => {
		const t = (await call('GET', '/api/tickets?subcategory=支付失败&error_code=E2001&from=2024-04-01&to=2024-04-30&pageSize=2')).body.rows;
		const r = await call('POST', `/api/cases/${caseId}/pins`, { ticketId: t[0].ticket_id, causeId, note: '典型' });
		expect(r.status).toBe(201);
		expect((await call('POST', `/api/cases/${caseId}/pins`, { ticketId: t[0].ticket_id, causeId })).status).toBe(409);
		expect((await call('POST', `/api/cases/${caseId}/pins`, { ticketId: 'no-such-ticket', causeId })).status).toBe(400);
		const other = (await call('POST', '/api/cases', { title: 'other' })).body.id;
		expect((await call('POST', `/api/cases/${other}/pins`, { ticketId: t[1].ticket_id, causeId })).body.error).toMatch(/not in case/);
		const pins = (await call('GET', `/api/cases/${caseId}`)).body.pins;
		expect(pins).toEqual([expect.objectContaining({ ticketId: t[0].ticket_id, causeId, note: '典型', createdAt: t[0].created_at })]);
		expect(pins[0].text).toContain(String(t[0].description).slice(0, 20));
		await call('POST', `/api/cases/${caseId}/pins`, { ticketId: t[1].ticket_id, causeId });
		const second = (await call('GET', `/api/cases/${caseId}`)).body.pins[1];
		expect((await call('DELETE', `/api/pins/${second.id}`)).status).toBe(200);
		expect((await call('DELETE', `/api/pins/${second.id}`)).status).toBe(404);
		expect((await call('GET', `/api/cases/${caseId}`)).body.pins).toHaveLength(1);
	});

	it('deleting a cause takes its sub-causes and verifications with it', async () => {
		const r = await call('DELETE', `/api/causes/${causeId}`);
		expect(r.body.deleted).toHaveLength(3);
		const c = (await call('GET', `/api/cases/${caseId}`)).body;
		expect(c.causes.map((x: { id: number }) => x.id)).not.toContain(causeId);
		expect(c.verifications).toHaveLength(0);
		expect(c.pins).toHaveLength(0);
		expect(c.actions[0].causeId).toBeNull();
	});
});
