// npm run causeway -- notebook render FILE --out report.html [--db PATH] [--dataset NAME] [--param name=value]…
// One self-contained HTML file: charts as inline SVG, no scripts. Exit 1 when a
// cell failed (the file is still written, with the error in place), 2 on usage.
import { readFileSync, writeFileSync } from 'node:fs';
import { Store } from '../lib/server/db';
import { notebookHtml } from '../lib/server/notebooks/html';
import { runNotebook } from '../lib/server/notebooks/run';

export const NOTEBOOK_USAGE = 'usage: causeway notebook render FILE --out report.html [--db PATH] [--dataset NAME] [--param name=value]…';

export async function notebookCommand(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	let file: string | undefined;
	let out: string | undefined;
	let db = process.env.CAUSEWAY_DB || 'data/causeway.duckdb';
	const overrides: Record<string, string> = {};
	let dataset: string | undefined;
	for (let i = 0; i < rest.length; i++) {
		const a = rest[i];
		const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
		const value = () => inline ?? rest[++i];
		if (flag === '--out') out = value();
		else if (flag === '--db') db = value();
		else if (flag === '--dataset') dataset = value();
		else if (flag === '--param') {
			const p = value() ?? '';
			const eq = p.indexOf('=');
			if (eq < 1) return usage(`--param takes name=value, not "${p}"`);
			overrides[p.slice(0, eq)] = p.slice(eq + 1);
		} else if (a.startsWith('--')) return usage(`unknown option ${a}`);
		else file = a;
	}
	if (sub !== 'render' || !file || !out) return usage('');
	let source: string;
	try {
		source = readFileSync(file, 'utf8');
	} catch (e) {
		process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
		return 1;
	}
	let store: Store;
	try {
		store = await Store.open(db);
	} catch (e) {
		process.stderr.write(`${(e as Error).message.split('\n')[0]}\n`);
		return 1;
	}
	try {
		const nb = await runNotebook(store, source, { overrides, filter: { dims: {}, dataset } });
		writeFileSync(out, notebookHtml(nb));
		const errors = nb.cells.filter((c) => c.kind !== 'md' && c.error);
		for (const c of errors) if (c.kind !== 'md') process.stderr.write(`${file}: ${c.error}\n`);
		process.stdout.write(JSON.stringify({ out, title: nb.title, params: nb.params, cells: nb.cells.length, errors: errors.length }) + '\n');
		return errors.length ? 1 : 0;
	} catch (e) {
		process.stderr.write(`${file}: ${(e as Error).message.split('\n')[0]}\n`);
		return 1;
	} finally {
		await store.close();
	}
}

function usage(message: string): number {
	if (message) process.stderr.write(`${message}\n`);
	process.stderr.write(`${NOTEBOOK_USAGE}\n`);
	return 2;
}
