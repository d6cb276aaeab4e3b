// Notebooks on the real built server (issue 17, items 3 and 10): eight users
// opening a heavy notebook at once (a CPU burner, an uninterruptible string
// function, a 1.5 GB string, 400 distinct rows of 50 KB) do not starve
// another user's dashboard, and each page stays small; viewers do not see where
// the server keeps its files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import { Store } from '../../src/lib/server/db';
import { createUser } from '../../src/lib/server/auth/accounts';
import { importFile } from '../../src/lib/server/ingest/importer';
import { startServer, type RunningServer } from '../helpers/server';
import { tempDir, writeFile } from '../helpers/workspace';

const PASSWORD = 'correct horse battery';
const ANALYSTS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
let server: RunningServer;
let cleanup: () => void;
let notebooks: string;
const cookies: Record<string, string> = {};

const HEAVY = `---
title: Heavy
---

# Heavy

\`\`\`sql name=burn
SELECT count(*) AS n FROM range(100000000000)
\`\`\`

\`\`\`sql name=stuck
SELECT length(regexp_replace(repeat('ab', 100000000), 'a', 'x', 'g')) AS n
\`\`\`

\`\`\`sql name=bomb
SELECT length(repeat(chr(120),1500000000)) AS n
\`\`\`

\`\`\`sql name=wide
SELECT repeat('x', 49990) || range::VARCHAR AS s FROM range(400)
\`\`\`

\`\`\`sql name=ok
SELECT count(*) AS n FROM tickets
\`\`\`

Tickets: \${ok[0].n}
`;

async function get(path: string, who: string): Promise<{ status: number; ms: number; bytes: number; text: string }> {
	const t = performance.now();
	const r = await fetch(server.url + path, { headers: { cookie: cookies[who] }, redirect: 'manual' });
	const text = await r.text();
	return { status: r.status, ms: performance.now() - t, bytes: Buffer.byteLength(text), text };
}

beforeAll(async () => {
	const t = tempDir();
	cleanup = t.cleanup;
	const db = join(t.dir, 'http.duckdb');
	const store = await Store.open(db);
	await importFile(store, SAMPLE_PATH);
	await createUser(store, { name: 'admin', password: PASSWORD, role: 'admin' });
	await createUser(store, { name: 'viewer', password: PASSWORD, role: 'viewer' });
	for (const a of ANALYSTS) await createUser(store, { name: a, password: PASSWORD, role: 'analyst' });
	await store.close();
	notebooks = join(t.dir, 'private-notebooks');
	mkdirSync(notebooks);
	writeFile(notebooks, 'heavy.md', HEAVY);
	writeFile(notebooks, 'weekly-review.md', readFileSync('notebooks/weekly-review.md', 'utf8'));
	server = await startServer({ CAUSEWAY_DB: db, CAUSEWAY_AUTH: 'on', CAUSEWAY_SEED: 'off', CAUSEWAY_NOTEBOOKS: notebooks, CAUSEWAY_NOTEBOOK_TIMEOUT_MS: '2500', CAUSEWAY_TMP: join(t.dir, 'tmp') });
	for (const name of ['admin', 'viewer', ...ANALYSTS]) {
		const r = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: new URLSearchParams({ name, password: PASSWORD }).toString(),
			redirect: 'manual'
		});
		const c = r.headers.getSetCookie().find((x) => x.startsWith('causeway_session='));
		if (!c) throw new Error(`cannot sign in ${name}: ${r.status}`);
		cookies[name] = c.split(';')[0];
	}
}, 180_000);
afterAll(async () => {
	await server?.stop();
	cleanup?.();
});

describe('notebooks on the built server', () => {
	it('shows the notebooks folder path to admins only', async () => {
		const viewer = await get('/notebooks', 'viewer');
		expect(viewer.status).toBe(200);
		expect(viewer.text).toContain('/notebooks/heavy');
		expect(viewer.text).not.toContain(notebooks);
		expect(viewer.text).not.toContain('private-notebooks');
		const admin = await get('/notebooks', 'admin');
		expect(admin.text).toContain(notebooks);
	});

	it('eight heavy notebooks at once: the dashboard still answers, each page stays small', async () => {
		const before: number[] = [];
		for (let i = 0; i < 3; i++) before.push((await get('/api/stats/overview', 'viewer')).ms);
		const t0 = performance.now();
		const heavy = Promise.all(ANALYSTS.map((a) => get('/notebooks/heavy/__data.json', a)));
		await new Promise((r) => setTimeout(r, 500));
		const during: number[] = [];
		for (let i = 0; i < 8; i++) {
			const r = await get('/api/stats/overview', 'viewer');
			expect(r.status).toBe(200);
			during.push(r.ms);
			await new Promise((r) => setTimeout(r, 250));
		}
		const pages = await heavy;
		const wall = performance.now() - t0;
		console.log(
			`overview before: ${before.map((x) => x.toFixed(0)).join(', ')} ms; during 8 heavy notebooks: ${during.map((x) => x.toFixed(0)).join(', ')} ms; ` +
				`notebooks: ${pages.map((p) => `${p.status} ${(p.bytes / 1e6).toFixed(1)} MB ${(p.ms / 1000).toFixed(1)} s`).join('; ')}; wall ${(wall / 1000).toFixed(1)} s`
		);
		expect(Math.max(...during)).toBeLessThan(2000);
		for (const p of pages) {
			expect(p.status).toBe(200);
			expect(p.bytes).toBeLessThan(11 * 1024 * 1024);
			expect(p.text).toContain('Stopped after 2.5 s');
			expect(p.text).toContain('more memory than a notebook cell may use');
		}
		// the 20 MB result came cut to 5 MB (on a loaded machine a cell may hit its time limit instead)
		expect(pages.some((p) => p.text.includes('"truncatedBy"'))).toBe(true);
		// the server itself never held the gigabytes
		const status = readFileSync(`/proc/${server.proc.pid}/status`, 'utf8');
		const peak = Number(/VmHWM:\s*(\d+)/.exec(status)![1]) / 1024;
		console.log(`server peak RSS ${peak.toFixed(0)} MB`);
		expect(peak).toBeLessThan(1500);
	}, 240_000);

	it('renders the shipped weekly review afterwards, for a viewer', async () => {
		const r = await get('/notebooks/weekly-review', 'viewer');
		expect(r.status).toBe(200);
		expect(r.text).not.toContain('cell-error');
	});

	it('ends on SIGTERM with its idle cell processes, which end with it', async () => {
		const children = execFileSync('pgrep', ['-P', String(server.proc.pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
		expect(children.length).toBeGreaterThan(0);
		const t = performance.now();
		await server.stop();
		expect(server.proc.signalCode).not.toBe('SIGKILL');
		expect(performance.now() - t).toBeLessThan(4500);
		for (let i = 0; i < 50 && children.some((pid) => existsSync(`/proc/${pid}`)); i++) await new Promise((r) => setTimeout(r, 100));
		for (const pid of children) expect(existsSync(`/proc/${pid}`), `cell process ${pid}`).toBe(false);
	});
});
