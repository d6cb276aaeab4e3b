// Run a notebook: its SQL cells in order on a read-only connection (checked by
// the guard first, under a time limit and a row cap), then its prose with the
// inline values, and its charts checked against the results. A cell's error stays in that cell,
// with the line of the notebook file it points at; the rest still renders.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Filter } from '../../filters';
import type { Lang } from '../../i18n';
import { chartOptions } from '../../notebooks/chart';
import { parseMarkdown } from '../../notebooks/markdown';
import type { RenderedCell, RenderedNotebook } from '../../notebooks/rendered';
import { evalRef, formatValue, parseNotebook, NotebookSyntaxError, type Results } from '../../notebooks/parse';
import { readerRows } from '../db/values';
import type { Store } from '../db';
import { scopeFor } from '../analytics/scope';
import { BadRequest, NotFound } from '../errors';
import { checkNotebookSql, NotebookSqlError } from './guard';
import { resolveParams } from './params';

export const ROW_CAP = 10_000;
/** The time limit of one cell (CAUSEWAY_NOTEBOOK_TIMEOUT_MS, default 10 s). */
const timeLimitMs = () => Number(process.env.CAUSEWAY_NOTEBOOK_TIMEOUT_MS) || 10_000;

export type { RenderedCell, RenderedNotebook };

export function notebooksDir(): string {
	return resolve(process.env.CAUSEWAY_NOTEBOOKS || 'notebooks');
}

export function listNotebooks(dir = notebooksDir()): { slug: string; title: string }[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.md'))
		.sort()
		.map((f) => {
			const slug = basename(f, '.md');
			try {
				return { slug, title: parseNotebook(readFileSync(join(dir, f), 'utf8')).title };
			} catch {
				return { slug, title: slug };
			}
		});
}

/** The source of a notebook by its slug (a file name in the notebooks folder, nothing else). */
export function notebookSource(slug: string, dir = notebooksDir()): string {
	if (!/^[\w-]+$/.test(slug)) throw new NotFound(`There is no notebook ${slug}.`);
	const path = join(dir, `${slug}.md`);
	if (!existsSync(path)) throw new NotFound(`There is no notebook ${slug}.`);
	return readFileSync(path, 'utf8');
}

/** What each table a cell may read shows of one dataset: its rows, or those of its imports or cases. */
const DATASET_VIEWS: Record<string, string> = {
	tickets: 'SELECT * FROM main.tickets WHERE dataset_id = $dataset_id',
	imports: 'SELECT * FROM main.imports WHERE dataset_id = $dataset_id',
	import_rejects: 'SELECT * FROM main.import_rejects WHERE import_id IN (SELECT id FROM main.imports WHERE dataset_id = $dataset_id)',
	cases: 'SELECT * FROM main.cases WHERE dataset_id = $dataset_id',
	...Object.fromEntries(
		['causes', 'whys', 'verifications', 'actions', 'pins'].map((t) => [t, `SELECT * FROM main.${t} WHERE case_id IN (SELECT id FROM main.cases WHERE dataset_id = $dataset_id)`])
	)
};

/**
 * A checked cell scoped to one dataset: each table it names is shadowed by a
 * common table expression of that dataset's rows (bound $dataset_id), put before
 * the cell's own WITH on its first line, so error line numbers stay the cell's.
 */
export function scopeToDataset(sql: string): string {
	const used = Object.keys(DATASET_VIEWS).filter((t) => new RegExp(`\\b${t}\\b`, 'i').test(sql));
	if (!used.length) return sql;
	const ctes = used.map((t) => `${t} AS NOT MATERIALIZED (${DATASET_VIEWS[t]})`).join(', ');
	const lead = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(sql)![0];
	const rest = sql.slice(lead.length);
	const own = /^with\s+(recursive\s+)?/i.exec(rest);
	if (own) return `${lead}WITH ${own[1] ? 'RECURSIVE ' : ''}${ctes}, ${rest.slice(own[0].length)}`;
	return `${lead}WITH ${ctes} ${rest}`;
}

async function runSql(store: Store, checked: string, values: Record<string, unknown>) {
	return store.scratch(async (s) => {
		await checkNotebookSql(s, checked);
		const sql = scopeToDataset(checked);
		const refs = [...new Set([...sql.matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]))];
		const missing = refs.filter((r) => !(r in values));
		// the cell's own text decides which parameters it may name
		if (missing.length) throw new NotebookSqlError(`$${missing[0]} is not a parameter here (parameters: ${Object.keys(values).map((k) => `$${k}`).join(', ')}).`);
		const params = Object.fromEntries(refs.map((r) => [r, values[r]])) as Record<string, never>;
		await s.run('BEGIN TRANSACTION READ ONLY');
		const limit = timeLimitMs();
		const timer = setTimeout(() => s.conn.interrupt(), limit);
		const t = performance.now();
		try {
			const reader = await s.conn.streamAndReadUntil(sql, ROW_CAP + 1, refs.length ? params : undefined);
			const rows = readerRows(reader);
			return { columns: reader.columnNames(), rows: rows.slice(0, ROW_CAP), truncated: rows.length > ROW_CAP, ms: Math.round(performance.now() - t) };
		} catch (e) {
			const msg = (e as Error).message;
			if (/INTERRUPT/i.test(msg)) throw new NotebookSqlError(`Stopped after ${limit / 1000} s (the time limit for a notebook cell).`);
			const line = /LINE (\d+):/.exec(msg);
			throw new NotebookSqlError(msg.split('\n')[0], line ? Number(line[1]) : undefined);
		} finally {
			clearTimeout(timer);
			await s.run('ROLLBACK').catch(() => undefined);
		}
	});
}

export async function runNotebook(store: Store, source: string, opts: { overrides?: Record<string, string>; filter?: Filter; lang?: Lang } = {}): Promise<RenderedNotebook> {
	let nb;
	try {
		nb = parseNotebook(source);
	} catch (e) {
		if (e instanceof NotebookSyntaxError) throw new BadRequest(e.message);
		throw e;
	}
	const lang = opts.lang ?? 'zh';
	const scope = await scopeFor(store, opts.filter?.dataset);
	const params = await resolveParams(scope, nb.params, opts.overrides ?? {}, opts.filter ?? { dims: {} });
	params.values.dataset_id = scope.dataset?.id ?? -1;
	const results: Results = {};
	const done = new Map<number, RenderedCell>();
	for (const [i, cell] of nb.cells.entries()) {
		if (cell.kind !== 'sql') continue;
		try {
			const r = await runSql(store, cell.sql, params.values);
			results[cell.name] = r.rows;
			done.set(i, { kind: 'sql', name: cell.name, sql: cell.sql, line: cell.line, hidden: cell.hidden, ...r });
		} catch (e) {
			const line = e instanceof NotebookSqlError && e.cellLine ? cell.line + e.cellLine - 1 : cell.line;
			const message = e instanceof NotebookSqlError || e instanceof BadRequest ? e.message : (e as Error).message.split('\n')[0];
			done.set(i, { kind: 'sql', name: cell.name, sql: cell.sql, line: cell.line, hidden: false, columns: [], rows: [], truncated: false, ms: 0, error: `line ${line}: ${message}` });
		}
	}
	const cells: RenderedCell[] = nb.cells.map((cell, i) => {
		if (cell.kind === 'sql') return done.get(i)!;
		if (cell.kind === 'md')
			return {
				kind: 'md',
				blocks: parseMarkdown(cell.text, (expr) => {
					try {
						return { text: formatValue(evalRef(expr, results)) };
					} catch (e) {
						return { error: (e as Error).message };
					}
				})
			};
		if (!cell.spec) return { kind: 'chart', line: cell.line, spec: null, error: `line ${cell.line}: ${cell.error}` };
		try {
			chartOptions(cell.spec, results, lang); // checked here, so the page and the report show the same error
			return { kind: 'chart', line: cell.line, spec: cell.spec };
		} catch (e) {
			return { kind: 'chart', line: cell.line, spec: cell.spec, error: `line ${cell.line}: ${(e as Error).message.split('\n')[0]}` };
		}
	});
	return { title: nb.title, params: params.shown, cells };
}
