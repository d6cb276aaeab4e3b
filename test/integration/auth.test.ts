// Accounts on the real server: every API route and page found on disk, walked
// as nobody, viewer, analyst and admin, answers as the policy says; API tokens
// for scripted uploads, revocable; sign-in rate limit; sign out everywhere; the
// audit log; first run (set the admin password); CAUSEWAY_AUTH=off honoured on
// loopback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allows, requiredRole, type Role } from '../../src/lib/auth/policy';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const ROUTES = join(ROOT, 'src/routes');

/** Every route on disk: [route id, method, kind]. */
function routesOnDisk(): { id: string; method: string; api: boolean }[] {
	const out: { id: string; method: string; api: boolean }[] = [];
	const walk = (dir: string) => {
		for (const f of readdirSync(dir)) {
			const p = join(dir, f);
			if (statSync(p).isDirectory()) walk(p);
			else if (f === '+server.ts' || f === '+page.svelte' || f === '+page.server.ts') {
				const id = '/' + relative(ROUTES, dir).split('\\').join('/');
				const routeId = id === '/' ? '/' : id.replace(/\/$/, '');
				const src = readFileSync(p, 'utf8');
				if (f === '+server.ts') for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) out.push({ id: routeId, method: m[1], api: routeId.startsWith('/api/') });
				else if (f === '+page.svelte') out.push({ id: routeId, method: 'GET', api: false });
				else if (/export const actions/.test(src)) out.push({ id: routeId, method: 'POST', api: false });
			}
		}
	};
	walk(ROUTES);
	return out;
}

/** A concrete URL for a route id: ids that exist nowhere, so no write lands on real data. */
function urlFor(id: string): string {
	return id.replace('[id]', '999999').replace('[slug]', 'weekly-review').replace('/(app)', '');
}

let server: RunningServer;
let cleanup: () => void;
const cookies: Record<string, string> = {};
const PASSWORD = 'correct horse battery';

async function call(path: string, init: { method?: string; who?: string; body?: unknown; form?: Record<string, string>; token?: string } = {}) {
	const headers: Record<string, string> = { origin: server.url };
	if (init.who) headers.cookie = cookies[init.who];
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	let body: string | undefined;
	if (init.form) {
		// as a browser submits a form (SvelteKit answers JSON to other clients)
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers.accept = 'text/html';
		body = new URLSearchParams(init.form).toString();
	} else if (init.body !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(init.body);
	}
	return fetch(server.url + path, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
}

async function signIn(name: string, password = PASSWORD): Promise<Response> {
	const r = await call('/login', { method: 'POST', form: { name, password } });
	const c = r.headers.getSetCookie().find((x) => x.startsWith('causeway_session='));
	if (c) cookies[name] = c.split(';')[0];
	return r;
}

beforeAll(async () => {
	const t = tempDir();
	cleanup = t.cleanup;
	server = await startServer({ CAUSEWAY_DB: join(t.dir, 'auth.duckdb'), CAUSEWAY_AUTH: 'on', CAUSEWAY_ADMIN_PASSWORD: PASSWORD });
	expect((await signIn('admin')).status).toBe(303);
	for (const role of ['viewer', 'analyst']) {
		const r = await call('/api/users', { method: 'POST', who: 'admin', body: { name: role, password: PASSWORD, role } });
		expect(r.status).toBe(201);
		expect((await signIn(role)).status).toBe(303);
	}
});
afterAll(async () => {
	await server?.stop();
	cleanup?.();
});

describe('every route checks the role', () => {
	const routes = routesOnDisk();
	it('finds the routes on disk', () => {
		expect(routes.length).toBeGreaterThan(40);
		expect(routes).toContainEqual({ id: '/api/imports/[id]', method: 'DELETE', api: true });
	});

	for (const who of [null, 'viewer', 'analyst', 'admin'] as (Role | null)[]) {
		it(`as ${who ?? 'nobody'}`, async () => {
			const wrong: string[] = [];
			for (const r of routes) {
				// signing out would end the session the rest of the walk uses (tested below)
				if (r.id === '/logout' && r.method === 'POST' && who) continue;
				const need = requiredRole(r.id, r.method);
				const res = await call(urlFor(r.id), { method: r.method, who: who ?? undefined, ...(r.method === 'GET' ? {} : r.api ? { body: {} } : { form: {} }) });
				const status = res.status;
				await res.arrayBuffer();
				let ok: boolean;
				if (need === 'public') ok = status !== 401 && status !== 403;
				else if (!who) ok = r.api ? status === 401 : status === 303 && /^\/(login|setup)/.test(res.headers.get('location') ?? '');
				else if (!allows(who, need)) ok = status === 403;
				else ok = status !== 401 && status !== 403;
				if (!ok) wrong.push(`${r.method} ${r.id} (needs ${need}) → ${status}`);
			}
			expect(wrong).toEqual([]);
		}, 60_000);
	}
});

describe('sessions, tokens and the audit log', () => {
	it('an API token lets a script upload as its user, until it is revoked', async () => {
		const created = await call('/api/tokens', { method: 'POST', who: 'analyst', body: { name: 'weekly cron' } });
		expect(created.status).toBe(201);
		const { id, token } = await created.json();
		expect(token).toMatch(/^cw_/);
		const csv = 'Ticket ID,Created at,Subject\nT1,2024-05-01 10:00,token upload\n';
		const up = await fetch(`${server.url}/api/imports?name=cron.csv`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
		expect(up.status).toBe(200);
		expect((await up.json()).rowsInserted).toBe(1);
		// the token never appears again: only its hash is stored
		const list = await (await call('/api/tokens', { who: 'analyst' })).json();
		expect(JSON.stringify(list)).not.toContain(token);
		expect((await call(`/api/tokens/${id}`, { method: 'DELETE', who: 'analyst' })).status).toBe(200);
		const after = await fetch(`${server.url}/api/imports`, { headers: { authorization: `Bearer ${token}` } });
		expect(after.status).toBe(401);
		expect((await after.json()).error).toMatch(/revoked/);
		// a viewer's token reads but cannot import
		const vt = await (await call('/api/tokens', { method: 'POST', who: 'viewer', body: {} })).json();
		expect((await call('/api/stats/overview', { token: vt.token })).status).toBe(200);
		expect((await call('/api/imports?name=x.csv', { method: 'POST', token: vt.token, body: {} })).status).toBe(403);
	});

	it('records every write with who did it; only an admin reads the log', async () => {
		const r = await call('/api/cases', { method: 'POST', who: 'analyst', body: { title: '审计测试' } });
		expect(r.status).toBe(201);
		const log = await (await call('/api/audit', { who: 'admin' })).json();
		const actions = log.rows.map((e: { user: string; action: string }) => `${e.user} ${e.action}`);
		expect(actions).toContain('analyst POST /api/cases');
		expect(actions).toContain('analyst POST /api/imports');
		expect(actions).toContain('admin POST /api/users');
		expect(actions).toContain('admin sign-in');
		expect((await call('/api/audit', { who: 'analyst' })).status).toBe(403);
	});

	it('limits failed sign-ins', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) statuses.push((await signIn('viewer', 'wrong password')).status);
		expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
		expect(statuses.slice(5)).toEqual([429, 429]);
	});

	it('signs out everywhere: every session of the user ends', async () => {
		const first = cookies.analyst;
		await signIn('analyst');
		const second = cookies.analyst;
		expect(second).not.toBe(first);
		cookies.analyst = first;
		expect((await call('/api/cases', { who: 'analyst' })).status).toBe(200);
		expect((await call('/logout', { method: 'POST', who: 'analyst', form: { everywhere: 'on' } })).status).toBe(303);
		for (const c of [first, second]) expect((await fetch(`${server.url}/api/cases`, { headers: { cookie: c } })).status).toBe(401);
	});

	it('sets the session cookie HttpOnly and SameSite', async () => {
		const r = await call('/login', { method: 'POST', form: { name: 'admin', password: PASSWORD } });
		const c = r.headers.getSetCookie().find((x) => x.startsWith('causeway_session='))!;
		expect(c).toMatch(/HttpOnly/i);
		expect(c).toMatch(/SameSite=Lax/i);
		expect(c).not.toMatch(/Secure/i); // plain http here: a Secure cookie would never come back
		expect(c).not.toMatch(/causeway_session=;/);
	});
});

describe('first run and single-user mode', () => {
	it('asks the first visitor to set the admin password, once', async () => {
		const t = tempDir();
		const s = await startServer({ CAUSEWAY_DB: join(t.dir, 'first.duckdb'), CAUSEWAY_AUTH: 'on', CAUSEWAY_SEED: 'off' });
		try {
			const home = await fetch(`${s.url}/`, { redirect: 'manual' });
			expect(home.status).toBe(303);
			expect(home.headers.get('location')).toBe('/setup');
			const form = (f: Record<string, string>) => fetch(`${s.url}/setup`, { method: 'POST', redirect: 'manual', headers: { origin: s.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(f).toString() });
			expect((await form({ name: 'boss', password: 'short', again: 'short' })).status).toBe(400);
			const ok = await form({ name: 'boss', password: PASSWORD, again: PASSWORD });
			expect(ok.status).toBe(303);
			expect(ok.headers.getSetCookie().some((c) => c.startsWith('causeway_session='))).toBe(true);
			// a second visitor cannot make themselves admin
			const again = await form({ name: 'mallory', password: PASSWORD, again: PASSWORD });
			expect(again.status).toBe(303);
			expect(again.headers.get('location')).toBe('/login');
		} finally {
			await s.stop();
			t.cleanup();
		}
	});

	it('CAUSEWAY_AUTH=off needs loopback: on 0.0.0.0 accounts stay on', async () => {
		const t = tempDir();
		const s = await startServer({ CAUSEWAY_DB: join(t.dir, 'open.duckdb'), CAUSEWAY_AUTH: 'off', HOST: '0.0.0.0', CAUSEWAY_SEED: 'off' });
		try {
			expect((await fetch(`${s.url}/api/imports`)).status).toBe(401);
			expect(s.output()).toMatch(/CAUSEWAY_AUTH=off is ignored/);
		} finally {
			await s.stop();
			t.cleanup();
		}
	});
});
