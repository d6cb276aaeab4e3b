// Load benchmark: 50 dashboard users on the real built server (build/index.js) over a
// DuckDB file of N synthetic tickets, first on their own, then while a 1,000,000-row
// CSV export is POSTed to /api/imports. A user is an async loop over keep-alive fetch:
// a random endpoint and filter from the queries bench's mix, the body read to its
// last byte, again. Loopback only; every phase is bounded in time and in requests.
//
//   npm run bench -- load [--tickets 1000000] [--seconds 30] [--users 50] [--rows 1000000]
//                         [--warmup 10] [--max-import 240] [--seed 1] [--keep]
//
// One JSON line per phase (warmup, baseline, import), then a summary line: p95 during
// the import over p95 without it (target ≤ 3) and the errors (target 0). An error is
// a non-2xx answer, a network error or a request taking over 60 s.
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mulberry32 } from '../scripts/prng';
import { arg, buildDatabase, ensureBuild, filters, quantile, r1, startServer, stopServer, variants, withFilter, type Server } from './queries';
import { writeExport } from './synthetic';

const MAX_REQUESTS = 100_000;
const REQUEST_TIMEOUT_MS = 60_000;
const SHOWN_ERRORS = 5;

function num(name: string, fallback: number, min: number): number {
	const v = arg(name);
	if (v === undefined) return fallback;
	const n = Number(v.replace(/_/g, ''));
	if (!Number.isFinite(n) || n < min) throw new Error(`--${name} takes a number ≥ ${min}, not "${v}"`);
	return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fetch failure's own words: undici says "fetch failed" and keeps the reason in `cause`. */
function reason(e: unknown): string {
	const err = e as Error & { cause?: { code?: string; message?: string } };
	return [err.name, err.message, err.cause?.code, err.cause?.message].filter(Boolean).join(': ');
}

interface Phase {
	seconds: number;
	/** latencies of the 2xx answers, ms */
	ms: number[];
	errors: number;
	firstErrors: string[];
}

/** `users` loops on the mix until `done` settles (or MAX_REQUESTS); requests in flight then are awaited and counted. */
async function drive(url: string, users: number, seed: number, done: Promise<unknown>): Promise<Phase> {
	const mix = variants();
	let stop = false;
	done.then(
		() => (stop = true),
		() => (stop = true)
	);
	const phase: Phase = { seconds: 0, ms: [], errors: 0, firstErrors: [] };
	const fail = (message: string) => {
		if (phase.errors++ < SHOWN_ERRORS) phase.firstErrors.push(message);
	};
	const user = async (random: () => number) => {
		while (!stop && phase.ms.length + phase.errors < MAX_REQUESTS) {
			const v = mix[Math.floor(random() * mix.length)];
			const fs = v.filters ?? filters();
			const path = withFilter(v.path, fs[Math.floor(random() * fs.length)].query);
			const t0 = performance.now();
			try {
				const r = await fetch(url + path, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
				const body = await r.arrayBuffer();
				if (r.ok) phase.ms.push(performance.now() - t0);
				else fail(`HTTP ${r.status} ${path}: ${new TextDecoder().decode(body.slice(0, 300)).replace(/\s+/g, ' ')}`);
			} catch (e) {
				fail(`${reason(e)} after ${Math.round(performance.now() - t0)} ms: ${path}`);
			}
		}
	};
	const t0 = performance.now();
	await Promise.all(Array.from({ length: users }, (_, i) => user(mulberry32(seed * 1000 + i))));
	phase.seconds = (performance.now() - t0) / 1000;
	return phase;
}

function report(name: string, p: Phase) {
	const sorted = [...p.ms].sort((a, b) => a - b);
	return {
		phase: name,
		seconds: r1(p.seconds),
		requests: p.ms.length,
		errors: p.errors,
		rps: r1(p.ms.length / p.seconds),
		p50_ms: r1(quantile(sorted, 0.5)),
		p95_ms: r1(quantile(sorted, 0.95)),
		p99_ms: r1(quantile(sorted, 0.99)),
		max_ms: r1(sorted[sorted.length - 1] ?? NaN),
		capped: p.ms.length + p.errors >= MAX_REQUESTS || undefined,
		first_errors: p.firstErrors.length ? p.firstErrors : undefined
	};
}

interface Imported {
	status: number;
	seconds: number;
	rowsInserted?: number;
	serverSeconds?: number;
	error?: string;
}

/** The file as the raw body of POST /api/imports (streamed from disk), given up after maxMs. */
async function postImport(url: string, file: string, maxMs: number): Promise<Imported> {
	const t0 = performance.now();
	const seconds = () => r1((performance.now() - t0) / 1000);
	try {
		const r = await fetch(`${url}/api/imports?name=${encodeURIComponent(basename(file))}`, {
			method: 'POST',
			body: await openAsBlob(file, { type: 'text/csv' }),
			signal: AbortSignal.timeout(maxMs)
		});
		const text = await r.text();
		if (!r.ok) return { status: r.status, seconds: seconds(), error: text.slice(0, 300) };
		const summary = JSON.parse(text) as { rowsInserted: number; seconds: number };
		return { status: r.status, seconds: seconds(), rowsInserted: summary.rowsInserted, serverSeconds: summary.seconds };
	} catch (e) {
		return { status: 0, seconds: seconds(), error: reason(e) };
	}
}

async function ticketCount(server: Server): Promise<number> {
	const r = await fetch(`${server.url}/api/tickets?pageSize=1`);
	const body = (await r.json()) as { total?: number; error?: string };
	if (!r.ok) throw new Error(`GET /api/tickets: HTTP ${r.status} ${body.error ?? ''}`);
	return Number(body.total);
}

export async function run() {
	const tickets = num('tickets', 1_000_000, 1000);
	const rows = num('rows', 1_000_000, 1);
	const users = num('users', 50, 1);
	const seconds = num('seconds', 30, 1);
	const warmup = num('warmup', 10, 0);
	const maxImport = num('max-import', 240, 1);
	const seed = num('seed', 1, 0);
	const keep = process.argv.includes('--keep');
	ensureBuild();
	const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-load-'));
	let server: Server | null = null;
	let cleaned = false;
	const cleanup = async () => {
		if (cleaned) return;
		cleaned = true;
		await stopServer(server?.proc ?? null);
		if (keep) console.error(`bench: kept ${dir}`);
		else rmSync(dir, { recursive: true, force: true });
	};
	const onSignal = (sig: NodeJS.Signals) => {
		console.error(`bench: ${sig}: stopping the server and removing ${dir}`);
		void cleanup().finally(() => process.exit(130));
	};
	// the last resort when this process ends any other way (an uncaught error): synchronous
	const onExit = () => {
		if (cleaned) return;
		server?.proc.kill('SIGKILL');
		if (!keep) rmSync(dir, { recursive: true, force: true });
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	process.once('SIGHUP', onSignal);
	process.on('exit', onExit);
	const started = performance.now();
	try {
		const db = join(dir, `tickets-${tickets}.duckdb`);
		const csv = join(dir, `load-${rows}.csv`);
		// DuckDB builds on its own threads while this one writes the CSV
		const [built, csvBytes] = await Promise.all([buildDatabase(db, tickets), writeExport(csv, rows)]);
		console.error(`bench: ${tickets} tickets built in ${built.seconds.toFixed(1)} s; ${rows}-row CSV (${Math.round(csvBytes / 1048576)} MB) written`);
		server = await startServer(db, { CAUSEWAY_AUTH: 'off', CAUSEWAY_SEED: 'off' });
		const before = await ticketCount(server);
		if (before !== tickets) throw new Error(`the server sees ${before} tickets, not ${tickets}`);
		const line = (o: object) => console.log(JSON.stringify({ bench: 'load', tickets, users, ...o }));

		const warm = await drive(server.url, users, seed, sleep(warmup * 1000));
		line(report('warmup', warm));
		const base = await drive(server.url, users, seed + 1, sleep(seconds * 1000));
		line(report('baseline', base));
		const importing = postImport(server.url, csv, maxImport * 1000);
		const during = await drive(server.url, users, seed + 2, importing);
		const imported = await importing;
		const after = await ticketCount(server);
		line({ ...report('import', during), import: { rows, csv_mb: Math.round(csvBytes / 1048576), ...imported, tickets_after: after } });

		if (server.proc.exitCode !== null) throw new Error(`the server died:\n${server.tail()}`);
		const p95 = (p: Phase) => quantile([...p.ms].sort((a, b) => a - b), 0.95);
		const ratio = Math.round((p95(during) / p95(base)) * 100) / 100;
		const errors = warm.errors + base.errors + during.errors;
		const importOk = imported.status === 200 && after === tickets + (imported.rowsInserted ?? NaN);
		line({
			summary: true,
			p95_baseline_ms: r1(p95(base)),
			p95_import_ms: r1(p95(during)),
			p95_ratio: ratio,
			target: '≤ 3',
			errors_total: errors,
			errors_target: 0,
			import_ok: importOk,
			met: ratio <= 3 && errors === 0 && importOk,
			db_build_s: r1(built.seconds),
			run_s: r1((performance.now() - started) / 1000)
		});
	} finally {
		await cleanup();
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('exit', onExit);
	}
}
