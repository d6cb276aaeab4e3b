// The importer's resource bounds, with real files, a real DuckDB file and the built
// server: the overall time limit, the gzip expansion cap (on a small tmpfs, so a
// write past it would fail), the warnings when bytes are read as GB18030, a full
// disk, too many uploads at once, an upload that stalls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { importFile, ImportTimeoutError, RefusedError, tmpDirFor } from '../../src/lib/server/ingest/importer';
import { localise } from '../../src/lib/ingest/messages';
import { writeExport } from '../../bench/synthetic';
import { HEADER, goodRow } from '../hostile/generate';
import { startServer, type RunningServer } from '../helpers/server';
import { count, tempDir, tempStore, writeFile } from '../helpers/workspace';
import gbk from './gbk';

const CJK = /[\u4e00-\u9fff]/;

function mountTmpfs(dir: string, size: string): boolean {
	mkdirSync(dir, { recursive: true });
	return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}

/** The database's tables as counts: "nothing changed" is these being equal. */
async function tables(store: Awaited<ReturnType<typeof tempStore>>['store']) {
	return {
		tickets: await count(store, 'SELECT count(*) AS n FROM tickets'),
		imports: await count(store, 'SELECT count(*) AS n FROM imports'),
		rejects: await count(store, 'SELECT count(*) AS n FROM import_rejects')
	};
}

/** A header of 1,000 columns and one row of a single 8 MB field: DuckDB's reader reports each missing column, each time over the whole line (11–90 s here). */
function slowForDuckDb(dir: string): string {
	const head = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 'Ticket ID' : i === 1 ? 'Created at' : `c${i}`)).join(',');
	const good = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 'T1' : i === 1 ? '2024-03-01 10:00' : 'v')).join(',');
	return writeFile(dir, 'slow.csv', [head, good, 'x'.repeat(8 << 20), good.replace('T1', 'T2')].join('\n') + '\n');
}

describe('rows not as wide as the header', () => {
	it('a short row of one 8 MB field under a 1,000-column header is rejected in linear time', async () => {
		const { store, dir, cleanup } = await tempStore();
		try {
			const t = performance.now();
			const s = await importFile(store, slowForDuckDb(dir));
			const seconds = (performance.now() - t) / 1000;
			console.log(`8 MB short row, 1,000 columns: ${seconds.toFixed(2)} s`);
			expect(s.rowsInserted).toBe(2);
			expect(s.rejects).toEqual([{ line: 3, reason: 'expected 1000 fields, found 1' }]);
			expect(seconds).toBeLessThan(10);
			const raw = (await store.one<{ raw: string }>('SELECT raw FROM import_rejects'))!.raw;
			expect(raw).toBe('x'.repeat(raw.length)); // the line as it stood, without what the scan added
		} finally {
			await cleanup();
		}
	});
});

describe('the overall time limit of an import', () => {
	for (const phase of ['loading', 'merging'] as const) {
		it(`interrupts DuckDB when time runs out while ${phase}: a sentence, nothing in the database, no temp file`, async () => {
			const { store, dir, cleanup } = await tempStore();
			try {
				await importFile(store, writeFile(dir, 'base.csv', `${HEADER}\n${goodRow(1, 'B')}\n`));
				const before = await tables(store);
				const big = join(dir, 'big.csv');
				await writeExport(big, 400_000);
				const stop = new AbortController();
				let stoppedAt = 0;
				const err = await importFile(store, big, {
					signal: stop.signal,
					onProgress: (p) => {
						if (p.phase === phase && !stoppedAt) {
							stoppedAt = performance.now();
							setTimeout(() => stop.abort(new ImportTimeoutError(1)), 100);
						}
					}
				}).then(
					() => null,
					(e: Error) => e
				);
				const after = (performance.now() - stoppedAt) / 1000;
				console.log(`stopped while ${phase}: refused ${after.toFixed(2)} s after`);
				expect(stoppedAt).toBeGreaterThan(0);
				expect(err).toBeInstanceOf(ImportTimeoutError);
				expect(err!.message).toBe('The import took longer than the limit of 1 s (CAUSEWAY_IMPORT_TIMEOUT_S) and was stopped; nothing of it was saved.');
				expect(localise(err!.message, 'zh')).toMatch(CJK);
				// (0.2–0.3 s alone; a rollback under the full suite on two busy cores took 6 s)
				expect(after).toBeLessThan(12);
				expect(await tables(store)).toEqual(before);
				expect(readdirSync(tmpDirFor(store))).toEqual([]);
				// the store still imports
				expect((await importFile(store, writeFile(dir, 'next.csv', `${HEADER}\n${goodRow(2, 'B')}\n`))).rowsInserted).toBe(1);
			} finally {
				await cleanup();
			}
		});
	}

	it('stops an import while the file is still being read, and takes CAUSEWAY_IMPORT_TIMEOUT_S', async () => {
		const { store, dir, cleanup } = await tempStore();
		const saved = process.env.CAUSEWAY_IMPORT_TIMEOUT_S;
		process.env.CAUSEWAY_IMPORT_TIMEOUT_S = '0.05';
		try {
			const big = join(dir, 'big.csv');
			await writeExport(big, 100_000, (s) => gbk(s)); // GBK: decoded in our own pass, chunk by chunk
			const before = await tables(store);
			const err = await importFile(store, big).then(
				() => null,
				(e: Error) => e
			);
			expect(err).toBeInstanceOf(ImportTimeoutError);
			expect(err!.message).toMatch(/^The import took longer than the limit of 0.05 s/);
			expect(await tables(store)).toEqual(before);
			expect(readdirSync(tmpDirFor(store))).toEqual([]);
		} finally {
			if (saved === undefined) delete process.env.CAUSEWAY_IMPORT_TIMEOUT_S;
			else process.env.CAUSEWAY_IMPORT_TIMEOUT_S = saved;
			await cleanup();
		}
	});
});

describe('a gzip bomb', () => {
	it('is refused as soon as it expands past 2 × CAUSEWAY_MAX_UPLOAD_MB, having written at most about that', async () => {
		const { store, dir, cleanup } = await tempStore();
		const saved = process.env.CAUSEWAY_MAX_UPLOAD_MB;
		process.env.CAUSEWAY_MAX_UPLOAD_MB = '1';
		// the temp folder on a 6 MB disk: a write much past the 2 MB cap would fail with ENOSPC instead
		const tmp = join(dir, 'small-tmp');
		const mounted = mountTmpfs(tmp, '6m');
		if (!mounted) console.warn('GZIP-BOMB DISK BOUND NOT CHECKED: cannot mount a small tmpfs here (needs root)');
		const savedTmp = process.env.CAUSEWAY_TMP;
		process.env.CAUSEWAY_TMP = tmp;
		try {
			const row = `${goodRow(1)}\n`;
			const member = gzipSync(row.repeat(Math.floor((64 << 20) / row.length)), { level: 9 });
			const bomb = writeFile(dir, 'bomb.csv.gz', Buffer.concat([gzipSync(`${HEADER}\n`), member, member, member, member])); // 256 MB inside
			const before = await tables(store);
			let written = 0;
			const watch = setInterval(() => {
				for (const f of readdirSync(tmp)) {
					try {
						written = Math.max(written, statSync(join(tmp, f)).size);
					} catch {
						/* removed meanwhile */
					}
				}
			}, 2);
			const t = performance.now();
			const err = await importFile(store, bomb).then(
				() => null,
				(e: Error) => e
			);
			clearInterval(watch);
			const seconds = (performance.now() - t) / 1000;
			console.log(`gzip bomb (${statSync(bomb).size} bytes → 256 MB): refused after ${seconds.toFixed(2)} s, largest temp file seen ${written} bytes`);
			expect(err).toBeInstanceOf(RefusedError);
			expect(err!.message).toBe('The gzip file expands to more than 2 MB, the most a compressed upload may hold (2 × CAUSEWAY_MAX_UPLOAD_MB).');
			expect(localise(err!.message, 'zh')).toMatch(CJK);
			expect(seconds).toBeLessThan(3);
			expect(written).toBeLessThanOrEqual(3 << 20);
			expect(await tables(store)).toEqual(before);
			expect(readdirSync(tmp)).toEqual([]);
		} finally {
			if (saved === undefined) delete process.env.CAUSEWAY_MAX_UPLOAD_MB;
			else process.env.CAUSEWAY_MAX_UPLOAD_MB = saved;
			process.env.CAUSEWAY_TMP = savedTmp;
			if (mounted) spawnSync('umount', ['-l', tmp]);
			await cleanup();
		}
	});
});

describe('bytes read as GB18030', () => {
	it('says so in the warnings when a UTF-8 file with one bad byte is read whole as GB18030', async () => {
		const { store, dir, cleanup } = await tempStore();
		try {
			const lines = [HEADER, ...Array.from({ length: 8 }, (_, i) => `T${i + 1},2024-03-0${i + 1} 10:00,Café ${i},Crème brûlée,P2,open`)];
			const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
			const bad = Buffer.concat([bytes.subarray(0, bytes.indexOf('T3,')), Buffer.from('T3,2024-03-03 10:00,Caf\xe9 latin-1,x,P2,open\n', 'latin1'), bytes.subarray(bytes.indexOf('T4,'))]);
			const s = await importFile(store, writeFile(dir, 'bad-byte.csv', bad));
			expect(s.encoding).toBe('gb18030');
			expect(s.warnings[0]).toBe(
				'The file is not valid UTF-8 (line 4 is the first of 1 such lines in the first 9), so the whole file was read as GBK/GB18030: if it was saved as UTF-8, its accented or Chinese text reads wrong; import it again with the encoding utf-8.'
			);
			expect(localise(s.warnings[0], 'zh')).toMatch(CJK);
			// chosen by the user: no warning
			const again = await importFile(store, writeFile(dir, 'bad-byte-2.csv', bad), { encoding: 'gb18030' });
			expect(again.warnings).toEqual([]);
		} finally {
			await cleanup();
		}
	});

	it('says how many lines were read as GB18030 when lines of both encodings are mixed', async () => {
		const { store, dir, cleanup } = await tempStore();
		try {
			const utf8 = ['U1,2024-03-01 10:00,支付失败,付款时提示失败,P1,open', 'U2,2024-03-02 10:00,登录异常,无法登录账户,P2,open'];
			const gb = ['G1,2024-03-20 10:00,退款进度,退款一直没有到账,P1,open', 'G2,2024-03-21 10:00,物流查询,快递三天未更新,P0,open'];
			const file = Buffer.concat([Buffer.from(`${HEADER}\n${utf8.join('\n')}\n`), ...gb.map((r) => Buffer.concat([gbk(r), Buffer.from('\n')])), Buffer.from(`${goodRow(1)}\n`)]);
			const s = await importFile(store, writeFile(dir, 'mixed.csv', file));
			expect(s.rowsInserted).toBe(5);
			expect(s.warnings).toContain('The file mixes encodings: 2 lines are not valid UTF-8 and were read as GBK/GB18030 (the first is line 4); the other lines were read as UTF-8.');
			expect(localise(s.warnings[0], 'zh')).toMatch(CJK);
		} finally {
			await cleanup();
		}
	});

	it('stays quiet for an ordinary GBK export', async () => {
		const { store, dir, cleanup } = await tempStore();
		try {
			const rows = ['G1,2024-03-20 10:00,退款进度,退款一直没有到账,P1,open', 'G2,2024-03-21 10:00,物流查询,快递三天未更新,P0,open'];
			const s = await importFile(store, writeFile(dir, 'gbk.csv', gbk(`${HEADER}\n${rows.join('\n')}\n`)));
			expect(s.encoding).toBe('gb18030');
			expect(s.warnings).toEqual([]);
		} finally {
			await cleanup();
		}
	});
});

/** A raw HTTP/1.1 POST on its own connection: writes `first`, then waits `stallMs` (sending nothing), then ends with `rest`. */
function slowPost(url: string, headers: Record<string, string>, first: Buffer, stallMs: number, rest?: Buffer): Promise<{ status?: number; text?: string; error?: string; ms: number }> {
	const u = new URL(url);
	const t = Date.now();
	return new Promise((resolve) => {
		const req = request({ host: u.hostname, port: u.port, method: 'POST', path: u.pathname + u.search, headers, agent: false });
		req.on('error', (e) => resolve({ error: e.message, ms: Date.now() - t }));
		req.on('response', (res) => {
			let text = '';
			res.on('data', (c) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode, text, ms: Date.now() - t }));
		});
		req.write(first);
		setTimeout(() => {
			if (rest && !req.destroyed) req.end(rest);
		}, stallMs);
	});
}

describe('uploads through the built server', () => {
	let server: RunningServer;
	let tmp: string;
	let stop: () => void;
	const csv = `${HEADER}\n${goodRow(1, 'H')}\n`;

	beforeAll(async () => {
		const t = tempDir('causeway-limits-http-');
		stop = t.cleanup;
		tmp = join(t.dir, 'tmp');
		mkdirSync(tmp);
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'limits.duckdb'), CAUSEWAY_SEED: 'off', CAUSEWAY_TMP: tmp, CAUSEWAY_UPLOAD_IDLE_S: '1', CAUSEWAY_MAX_UPLOADS: '1' });
	});
	afterAll(async () => {
		await server?.stop();
		stop?.();
	});
	const state = async () => ({
		imports: ((await (await fetch(`${server.url}/api/imports`)).json()) as { rows: unknown[] }).rows.length,
		tickets: ((await (await fetch(`${server.url}/api/tickets?pageSize=1`)).json()) as { total: number }).total
	});

	it('drops an upload that stops sending with 408 and a sentence, keeping nothing', async () => {
		const before = await state();
		const r = await slowPost(`${server.url}/api/imports?name=stall.csv`, { 'content-type': 'text/csv', 'content-length': '100000' }, Buffer.from(csv), 60_000);
		expect(r.status, JSON.stringify(r)).toBe(408);
		expect(JSON.parse(r.text!).error).toBe('The upload stalled: nothing arrived for 1 s.');
		expect(localise(JSON.parse(r.text!).error, 'zh')).toMatch(CJK);
		expect(r.ms).toBeLessThan(5000);
		expect(await state()).toEqual(before);
		expect(readdirSync(tmp)).toEqual([]);
	});

	it('answers 503 with Retry-After while the uploads in flight are at CAUSEWAY_MAX_UPLOADS, and takes the next one after', async () => {
		const before = await state();
		// one upload in flight, sending slowly (within the idle limit)
		const first = slowPost(`${server.url}/api/imports?name=first.csv`, { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(csv)) }, Buffer.from(csv.slice(0, 20)), 600, Buffer.from(csv.slice(20)));
		await new Promise((r) => setTimeout(r, 200));
		const second = await fetch(`${server.url}/api/imports?name=second.csv`, { method: 'POST', body: `${HEADER}\n${goodRow(2, 'H')}\n`, headers: { 'content-type': 'text/csv' } });
		expect(second.status).toBe(503);
		expect(second.headers.get('retry-after')).toBe('60');
		expect((await second.json()).error).toBe('The server is already receiving or importing 1 files: try again in a minute.');
		expect((await first).status).toBe(200);
		expect((await state()).imports).toBe(before.imports + 1);
		const third = await fetch(`${server.url}/api/imports?name=third.csv`, { method: 'POST', body: `${HEADER}\n${goodRow(3, 'H')}\n`, headers: { 'content-type': 'text/csv' } });
		expect(third.status).toBe(200);
		expect(readdirSync(tmp)).toEqual([]);
	});

	it('reads a CSV named .xlsx by its content (the name is only recorded)', async () => {
		const r = await fetch(`${server.url}/api/imports?name=report.xlsx`, { method: 'POST', body: `${HEADER}\n${goodRow(4, 'H')}\n`, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ file: 'report.xlsx', rowsInserted: 1 });
	});
});

describe('a full disk during an upload import', () => {
	it.each(['the database and the temp folder', 'the database only'])('answers 507 with the sentence when %s are on it; the database is as it was and the server keeps serving', async (where) => {
		const t = tempDir('causeway-full-http-');
		const mnt = join(t.dir, 'small-disk');
		if (!mountTmpfs(mnt, '6m')) {
			console.warn('FULL-DISK HTTP TEST SKIPPED: cannot mount a small tmpfs here (needs root)');
			t.cleanup();
			return;
		}
		let server: RunningServer | null = null;
		try {
			const tmp = where === 'the database only' ? join(t.dir, 'tmp') : join(mnt, 'tmp');
			server = await startServer({ CAUSEWAY_DB: join(mnt, 'full.duckdb'), CAUSEWAY_SEED: 'off', CAUSEWAY_TMP: tmp });
			const post = (name: string, body: BodyInit) => fetch(`${server!.url}/api/imports?name=${name}`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
			expect((await post('small.csv', `${HEADER}\n${goodRow(1, 'S')}\n${goodRow(2, 'S')}\n`)).status).toBe(200);
			const before = await (await fetch(`${server.url}/api/imports`)).json();
			const big = join(t.dir, 'big.csv');
			await writeExport(big, Number(process.env.FULL_DISK_ROWS ?? 200_000));
			const r = await post('big.csv', readFileSync(big));
			const body = await r.json();
			console.log(`full disk (${where}): ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
			expect(r.status).toBe(507);
			expect(body.error).toBe("There is no space left on the server's disk: the import was stopped and nothing of it was saved; free some space next to the database and import again.");
			expect(localise(body.error, 'zh')).toMatch(CJK);
			expect(await (await fetch(`${server.url}/api/imports`)).json()).toEqual(before);
			expect(((await (await fetch(`${server.url}/api/tickets?pageSize=1`)).json()) as { total: number }).total).toBe(2);
			expect(readdirSync(tmp)).toEqual([]);
			// and it keeps serving (the disk stays full: DuckDB does not give back the space its file grew by)
			expect((await fetch(`${server.url}/api/stats/overview`)).status).toBe(200);
		} finally {
			await server?.stop();
			spawnSync('umount', ['-l', mnt]);
			t.cleanup();
		}
	});
});
