// Security bounds on the built server, run as `node build` runs it (no
// BODY_SIZE_LIMIT or any other variable of the adapter's): request body limits
// per route, field lengths before bcrypt, the sign-in rate limit under
// concurrency and across a restart, the redirect after sign-in, security
// headers, paging bounds, single-user mode's Host check, token revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { tempDir } from '../helpers/workspace';

const PASSWORD = 'correct horse battery';
let server: RunningServer;
let dir: { dir: string; cleanup: () => void };
let adminCookie = '';

// the sample is loaded: a case belongs to a dataset, and the body tests create cases
const env = () => ({ CAUSEWAY_DB: join(dir.dir, 'limits.duckdb'), CAUSEWAY_AUTH: 'on', CAUSEWAY_ADMIN_PASSWORD: PASSWORD });

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
	return fetch(server.url + path, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields).toString()
	});
}

async function login(name: string, password: string, next?: string) {
	const r = await form(`/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`, { name, password });
	await r.arrayBuffer();
	return r;
}

const cookieOf = (r: Response) => r.headers.getSetCookie().find((c) => c.startsWith('causeway_session='))!.split(';')[0];

/** Peak resident memory of the server process so far (Linux), in MB. */
function peakRssMb(pid: number): number {
	const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return Number(m![1]) / 1024;
}

/**
 * POST `total` bytes to the server as a stream (chunked, or with a Content-Length), stopping as
 * soon as an answer arrives. Resolves with the status, the answer, how long it took, how much was sent.
 */
function streamBody(path: string, total: number, opts: { chunked: boolean; contentType: string; cookie?: string }): Promise<{ status: number; body: string; ms: number; sent: number }> {
	const u = new URL(server.url + path);
	const t0 = performance.now();
	return new Promise((resolve, reject) => {
		let sent = 0;
		let done = false;
		const headers: Record<string, string> = { 'content-type': opts.contentType, origin: server.url };
		if (opts.cookie) headers.cookie = opts.cookie;
		if (!opts.chunked) headers['content-length'] = String(total);
		const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers }, (res) => {
			done = true;
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (body += d));
			res.on('end', () => resolve({ status: res.statusCode!, body, ms: performance.now() - t0, sent }));
			res.on('error', () => resolve({ status: res.statusCode!, body, ms: performance.now() - t0, sent }));
		});
		req.on('error', (e) => {
			if (!done) reject(e);
		});
		const chunk = Buffer.alloc(64 * 1024, opts.contentType.includes('json') ? ' ' : 'a');
		const first = opts.contentType.includes('json') ? Buffer.from('{"title":"') : Buffer.from('name=admin&password=');
		req.write(first);
		sent += first.length;
		const pump = () => {
			while (!done && sent < total) {
				const ok = req.write(chunk);
				sent += chunk.length;
				if (!ok) return void req.once('drain', pump);
			}
			if (!done) req.end();
		};
		pump();
	});
}

beforeAll(async () => {
	delete process.env.BODY_SIZE_LIMIT;
	dir = tempDir();
	server = await startServer(env());
	const r = await login('admin', PASSWORD);
	expect(r.status).toBe(303);
	adminCookie = cookieOf(r);
});
afterAll(async () => {
	await server?.stop();
	dir?.cleanup();
});

describe('request bodies', () => {
	const MB = 1024 * 1024;
	for (const chunked of [true, false]) {
		it(`a 200 MB form to /login (${chunked ? 'chunked' : 'with Content-Length'}) gets a quick 413; the server stays up, memory bounded`, async () => {
			const before = peakRssMb(server.proc.pid!);
			const r = await streamBody('/login', 200 * MB, { chunked, contentType: 'application/x-www-form-urlencoded' });
			expect(r.status).toBe(413);
			expect(r.body).toMatch(/larger than this route accepts \(1 MB\)/);
			expect(r.ms).toBeLessThan(5000);
			expect(r.sent).toBeLessThan(100 * MB); // the answer came long before the body was sent
			expect(peakRssMb(server.proc.pid!) - before).toBeLessThan(100);
			expect((await fetch(`${server.url}/login`)).status).toBe(200);
		}, 30_000);
	}

	it('a 200 MB JSON body to an API route gets a quick 413 {error}', async () => {
		const before = peakRssMb(server.proc.pid!);
		const r = await streamBody('/api/cases', 200 * MB, { chunked: true, contentType: 'application/json', cookie: adminCookie });
		expect(r.status).toBe(413);
		expect(JSON.parse(r.body).error).toMatch(/larger than this route accepts/);
		expect(r.ms).toBeLessThan(5000);
		expect(peakRssMb(server.proc.pid!) - before).toBeLessThan(100);
		expect((await fetch(`${server.url}/api/cases`, { headers: { cookie: adminCookie } })).status).toBe(200);
	}, 30_000);

	it('a body under the limit still arrives whole', async () => {
		const problem = '支付失败'.repeat(1000);
		// 900 KB: the case's fields, then padding (JSON allows whitespace)
		const body = JSON.stringify({ title: 'big', problem }) + ' '.repeat(900 * 1024);
		const r = await fetch(`${server.url}/api/cases`, { method: 'POST', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'application/json' }, body });
		expect(r.status).toBe(201);
		expect((await r.json()).problem).toBe(problem);
	});

	it('a chunked body under the limit reaches the route whole', async () => {
		const u = new URL(server.url);
		const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = httpRequest({ host: u.hostname, port: u.port, path: '/api/cases', method: 'POST', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'application/json' } }, (res) => {
				let body = '';
				res.on('data', (d) => (body += d));
				res.on('end', () => resolve({ status: res.statusCode!, body }));
			});
			req.on('error', reject);
			req.write('{"title": "chunked", ');
			req.write(' '.repeat(300_000));
			req.end('"problem": "分块"}');
		});
		expect(r.status).toBe(201);
		expect(JSON.parse(r.body)).toMatchObject({ title: 'chunked', problem: '分块' });
	});

	it('uploads a 12 MB export under plain `node build`', async () => {
		const lines = ['Ticket ID,Created at,Subject,Description'];
		const pad = 'x'.repeat(200);
		for (let i = 0; i < 50_000; i++) lines.push(`U${i},2024-05-0${1 + (i % 9)} 10:00,upload ${i},${pad}`);
		const csv = lines.join('\n') + '\n';
		expect(csv.length).toBeGreaterThan(10 * MB);
		const r = await fetch(`${server.url}/api/imports?name=big.csv`, { method: 'POST', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'text/csv' }, body: csv });
		expect(r.status).toBe(200);
		expect((await r.json()).rowsInserted).toBe(50_000);
	}, 120_000);

	it('checks the length of a name and password before any work', async () => {
		const t = performance.now();
		const r = await form('/login', { name: 'admin', password: 'p'.repeat(900_000) });
		expect(r.status).toBe(400);
		const page = await r.text();
		expect(performance.now() - t).toBeLessThan(2000);
		const long = await form('/login', { name: 'n'.repeat(900_000), password: 'x' });
		expect(long.status).toBe(400);
		// the name is not echoed back whole
		expect((await long.text()).includes('n'.repeat(1000))).toBe(false);
		expect(page).toMatch(/Wrong name or password/);
	});
});

describe('sign-in rate limit', () => {
	it('counts concurrent wrong passwords before checking them; another user on the same address still signs in', async () => {
		const created = await fetch(`${server.url}/api/users`, { method: 'POST', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'colleague', password: PASSWORD, role: 'viewer' }) });
		expect(created.status).toBe(201);
		await fetch(`${server.url}/api/users`, { method: 'POST', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'victim', password: PASSWORD, role: 'viewer' }) });
		const statuses = (await Promise.all(Array.from({ length: 40 }, () => login('victim', 'wrong password')))).map((r) => r.status);
		expect(statuses.filter((s) => s === 400)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(35);
		expect((await login('colleague', PASSWORD)).status).toBe(303);
		// a look-alike spelling of the name is the same account
		expect((await login('VICTIM', 'wrong password')).status).toBe(429);
	}, 60_000);

	it('remembers the failures across a restart', async () => {
		await server.stop();
		server = await startServer(env());
		expect((await login('victim', 'wrong password')).status).toBe(429);
		expect((await login('victim', PASSWORD)).status).toBe(429); // the pair is locked, right password or not
		const r = await login('admin', PASSWORD);
		expect(r.status).toBe(303);
		adminCookie = cookieOf(r);
	}, 90_000);
});

describe('after sign-in', () => {
	it.each([
		['/\t/127.0.0.1:8081/x', '/'],
		['/%09/127.0.0.1:8081/x', '/'],
		['/\r\nSet-Cookie: a=b', '/'],
		['//evil.example/x', '/'],
		['/\\evil.example', '/'],
		['https://evil.example/', '/'],
		['/cases?state=open', '/cases?state=open'],
		['/pareto?subcategory=支付失败', '/pareto?subcategory=%E6%94%AF%E4%BB%98%E5%A4%B1%E8%B4%A5']
	])('next=%j goes to %s', async (next, to) => {
		const r = await login('colleague', PASSWORD, next);
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe(to);
	});

	it('ends the session the browser held before signing in', async () => {
		const first = cookieOf(await login('colleague', PASSWORD));
		const second = await form('/login', { name: 'colleague', password: PASSWORD }, { cookie: first });
		expect(second.status).toBe(303);
		expect((await fetch(`${server.url}/api/cases`, { headers: { cookie: first } })).status).toBe(401);
		expect((await fetch(`${server.url}/api/cases`, { headers: { cookie: cookieOf(second) } })).status).toBe(200);
	});
});

describe('answers', () => {
	it('carry security headers; pages a CSP with frame-ancestors none', async () => {
		const page = await fetch(`${server.url}/`, { headers: { cookie: adminCookie } });
		expect(page.status).toBe(200);
		const csp = page.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/frame-ancestors 'none'/);
		expect(csp).toMatch(/script-src 'self' 'nonce-/);
		expect(csp).toMatch(/object-src 'none'/);
		const api = await fetch(`${server.url}/api/cases`, { headers: { cookie: adminCookie } });
		for (const r of [page, api]) {
			expect(r.headers.get('x-content-type-options')).toBe('nosniff');
			expect(r.headers.get('x-frame-options')).toBe('DENY');
			expect(r.headers.get('referrer-policy')).toBe('same-origin');
			expect(r.headers.get('cache-control')).toMatch(/no-store/);
		}
		expect(api.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
		// the login page is answered before anyone signs in, with the same headers
		expect((await fetch(`${server.url}/login`)).headers.get('x-frame-options')).toBe('DENY');
	});

	it.each(['1e308', 'Infinity', '-1', '0', 'abc', '2.5', '99999999999'])('/api/tickets?page=%s is a 400 with a sentence', async (page) => {
		const r = await fetch(`${server.url}/api/tickets?page=${page}`, { headers: { cookie: adminCookie } });
		expect(r.status).toBe(400);
		expect((await r.json()).error).toMatch(/page is a whole number from 1 to/);
	});

	it('bounds pageSize the same way, and pages still page', async () => {
		for (const size of ['abc', '0', '501', 'NaN']) {
			const r = await fetch(`${server.url}/api/tickets?pageSize=${size}`, { headers: { cookie: adminCookie } });
			expect(r.status).toBe(400);
			expect((await r.json()).error).toMatch(/pageSize is a whole number from 1 to 500/);
		}
		const p2 = await (await fetch(`${server.url}/api/tickets?page=2&pageSize=10&sort=ticket_id`, { headers: { cookie: adminCookie } })).json();
		expect(p2).toMatchObject({ page: 2, pageSize: 10 });
		expect(p2.rows).toHaveLength(10);
		expect(p2.total).toBeGreaterThanOrEqual(50_000);
	});

	it("revoking another user's token from /account is a 404, not a 500", async () => {
		const t = await (await fetch(`${server.url}/api/tokens`, { method: 'POST', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'application/json' }, body: '{"name":"admin token"}' })).json();
		const colleague = cookieOf(await login('colleague', PASSWORD));
		for (const id of [String(t.id), 'abc', '1e308', '99999999']) {
			const r = await form('/account?/revoke', { id }, { cookie: colleague });
			expect(r.status).toBe(404);
		}
		expect((await fetch(`${server.url}/api/cases`, { headers: { authorization: `Bearer ${t.token}` } })).status).toBe(200);
	});

	it("a user's API tokens end with a new password", async () => {
		const t = await (await fetch(`${server.url}/api/tokens`, { method: 'POST', headers: { origin: server.url, cookie: cookieOf(await login('colleague', PASSWORD)), 'content-type': 'application/json' }, body: '{"expiresInDays":30}' })).json();
		expect(t.expiresAt).toMatch(/^\d{4}-/);
		expect((await fetch(`${server.url}/api/cases`, { headers: { authorization: `Bearer ${t.token}` } })).status).toBe(200);
		const users = (await (await fetch(`${server.url}/api/users`, { headers: { cookie: adminCookie } })).json()).rows as { id: number; name: string }[];
		const id = users.find((u) => u.name === 'colleague')!.id;
		const patched = await fetch(`${server.url}/api/users/${id}`, { method: 'PATCH', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a brand new password' }) });
		expect(patched.status).toBe(200);
		expect((await fetch(`${server.url}/api/cases`, { headers: { authorization: `Bearer ${t.token}` } })).status).toBe(401);
	});

	it('refuses a second admin spelled Admin or with a Cyrillic а', async () => {
		for (const name of ['Admin', '\u0430dmin']) {
			const r = await fetch(`${server.url}/api/users`, { method: 'POST', headers: { origin: server.url, cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify({ name, password: PASSWORD, role: 'admin' }) });
			expect(r.status).toBe(409);
		}
	});
});

describe('single-user mode', () => {
	function withHost(url: string, host: string): Promise<{ status: number; body: string }> {
		const u = new URL(url);
		return new Promise((resolve, reject) => {
			const req = httpRequest({ host: u.hostname, port: u.port, path: '/api/imports', headers: { host } }, (res) => {
				let body = '';
				res.on('data', (d) => (body += d));
				res.on('end', () => resolve({ status: res.statusCode!, body }));
			});
			req.on('error', reject);
			req.end();
		});
	}

	it('answers only requests addressed to loopback names (and ignores BODY_SIZE_LIMIT)', async () => {
		const t = tempDir();
		// adapter-node's variable, set as a deployment might: the app's own limits apply regardless
		const s = await startServer({ CAUSEWAY_DB: join(t.dir, 'single.duckdb'), CAUSEWAY_AUTH: 'off', CAUSEWAY_SEED: 'off', BODY_SIZE_LIMIT: '512K' });
		try {
			expect(s.output()).toMatch(/BODY_SIZE_LIMIT is ignored/);
			const csv = 'Ticket ID,Created at,Subject\n' + Array.from({ length: 30_000 }, (_, i) => `S${i},2024-05-01 10:00,single-user upload number ${i}`).join('\n');
			expect(csv.length).toBeGreaterThan(1024 * 1024);
			const up = await fetch(`${s.url}/api/imports?name=s.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
			expect(up.status).toBe(200);
			const port = new URL(s.url).port;
			for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) expect((await withHost(s.url, host)).status).toBe(200);
			for (const host of ['attacker.example', `attacker.example:${port}`, `localhost.attacker.example:${port}`, `127.0.0.1.nip.io:${port}`]) {
				const r = await withHost(s.url, host);
				expect(r.status).toBe(421);
				expect(r.body).toMatch(/single-user mode/);
			}
		} finally {
			await s.stop();
			t.cleanup();
		}
	}, 90_000);
});
