// An import made with the CLI evaluates the dataset's alert rules too, as an upload
// to the server does: the sample's first three months, then the rest, and the April
// 支付失败 spike reaches a real webhook receiver on 127.0.0.1 once; the same file
// again sends nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { Store } from '../../src/lib/server/db';
import { createRule } from '../../src/lib/server/alerts/rules';
import { ROOT, tempDir } from '../helpers/workspace';
import { SECRETS, startReceivers, type Receivers } from '../helpers/receivers';

let rx: Receivers;
let dir: string;
let cleanup: () => void;
const db = () => join(dir, 'cli-alerts.duckdb');

// asynchronous: the receivers answer from this process while the CLI runs
async function cli(file: string) {
	const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', file, '--db', db(), '--dataset', '服务台'], {
		cwd: ROOT,
		env: { ...process.env, TZ: 'UTC', CAUSEWAY_ALERT_ALLOW_HOSTS: '127.0.0.1', CAUSEWAY_ALERT_TIMEOUT_MS: '3000', CAUSEWAY_ALERT_BACKOFF_MS: '50' }
	});
	// the summary stays the last line of stdout
	return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

beforeAll(async () => {
	const t = tempDir();
	dir = t.dir;
	cleanup = t.cleanup;
	rx = await startReceivers();
	const text = readFileSync(join(ROOT, 'data/samples/tickets-2024H1.csv'), 'utf8');
	const [header, ...rows] = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
	const at = header.indexOf('问题发生时间');
	writeFileSync(join(dir, 'q1.csv'), Papa.unparse([header, ...rows.filter((r) => r[at] < '2024-04-01')]));
	writeFileSync(join(dir, 'rest.csv'), Papa.unparse([header, ...rows.filter((r) => r[at] >= '2024-04-01')]));
}, 60_000);

afterAll(async () => {
	await rx?.close();
	cleanup?.();
});

it('a CLI import sends the spike it brings, once', async () => {
	expect((await cli(join(dir, 'q1.csv'))).rowsInserted).toBeGreaterThan(1500);
	const store = await Store.open(db());
	try {
		await createRule(store, { name: '支付失败', filter: 'subcategory=支付失败', grain: 'week', dataset: '服务台', destinations: [{ kind: 'webhook', url: `${rx.url}/webhook/in`, secret: SECRETS.webhook }] }, null);
	} finally {
		await store.close();
	}
	expect(rx.of('webhook')).toHaveLength(0);
	await cli(join(dir, 'rest.csv'));
	const got = rx.of('webhook');
	expect(got).toHaveLength(1);
	expect(got[0].problem).toBeNull(); // the signature checked out
	expect(got[0].raw).toContain('2024-04-01 周 支付失败 40 张');
	// the same file again changes nothing: nothing is sent
	expect((await cli(join(dir, 'rest.csv'))).rowsInserted).toBe(0);
	expect(rx.of('webhook')).toHaveLength(1);
}, 120_000);
