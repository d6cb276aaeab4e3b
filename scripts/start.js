// npm start: build the app when there is no current build, then serve it.
// (--build-only: just the first part; `npm test` uses it.)
// The server opens CAUSEWAY_DB (default data/causeway.duckdb) and, on first run,
// loads data/samples/ so the dashboard is never empty.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'build/.causeway-build';
const SOURCES = ['src', 'package.json', 'svelte.config.js', 'vite.config.ts', 'scripts/adapter.js'];

function newest(path) {
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	let t = s.mtimeMs;
	for (const f of readdirSync(path)) t = Math.max(t, newest(join(path, f)));
	return t;
}

const built = existsSync(STAMP) && existsSync('build/index.js') ? statSync(STAMP).mtimeMs : 0;
const source = Math.max(...SOURCES.filter((p) => existsSync(p)).map(newest));
if (built < source) {
	console.log('causeway: building the app (first run or sources changed)…');
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
	writeFileSync(STAMP, new Date().toISOString());
}

if (process.argv.includes('--build-only')) process.exit(0);

process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
console.log(`causeway: serving http://${process.env.HOST}:${process.env.PORT} on ${process.env.CAUSEWAY_DB || 'data/causeway.duckdb'}`);
await import('../build/index.js');
