// Notebook SQL only reads the workspace's tables. Before a cell runs, DuckDB
// parses it (json_serialize_sql, which serialises SELECT statements only) and the
// tree is checked: one SELECT, table functions from a short allow-list, base
// tables from the schema's tables or the cell's own CTEs, no functions that read
// settings or the environment. Anything that would read a file or reach the
// network (read_csv('/etc/passwd'), FROM 'file.csv', COPY … TO, ATTACH, INSTALL)
// is refused with a sentence saying why. The statement then runs in a read-only
// transaction on its own connection, under a time limit and a row cap.
import type { Session } from '../db';

export class NotebookSqlError extends Error {
	constructor(
		message: string,
		/** 1-based line within the cell, when known. */
		readonly cellLine?: number
	) {
		super(message);
	}
}

export const NOTEBOOK_TABLES = ['tickets', 'imports', 'import_rejects', 'cases', 'causes', 'whys', 'verifications', 'actions', 'pins'];
const TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);
const DENIED_FUNCTIONS = new Set(['getenv', 'current_setting', 'read_text', 'read_blob']);

type Node = { [k: string]: unknown };

function walk(v: unknown, visit: (n: Node) => void) {
	if (Array.isArray(v)) for (const x of v) walk(x, visit);
	else if (v && typeof v === 'object') {
		visit(v as Node);
		for (const x of Object.values(v)) walk(x, visit);
	}
}

/** Throws NotebookSqlError when the statement is not a plain read of the workspace's tables. */
export async function checkNotebookSql(s: Session, sql: string): Promise<void> {
	if (!sql.trim()) throw new NotebookSqlError('The cell is empty.');
	const r = await s.one<{ j: string }>('SELECT json_serialize_sql($q::VARCHAR)::VARCHAR AS j', { q: sql });
	const tree = JSON.parse(r!.j) as { error: boolean; error_type?: string; error_message?: string; statements?: unknown[] };
	if (tree.error) {
		if (/Only SELECT/i.test(tree.error_message ?? ''))
			throw new NotebookSqlError('Notebook SQL only reads: one SELECT (or WITH … SELECT) per cell. COPY, ATTACH, INSTALL, CREATE, INSERT, UPDATE, DELETE, SET and PRAGMA are refused.');
		const msg = tree.error_message ?? 'cannot parse';
		const line = /LINE (\d+):/.exec(msg);
		throw new NotebookSqlError(`${tree.error_type ? `${tree.error_type[0].toUpperCase()}${tree.error_type.slice(1)} error: ` : ''}${msg.split('\n')[0]}`, line ? Number(line[1]) : undefined);
	}
	if ((tree.statements?.length ?? 0) !== 1) throw new NotebookSqlError('One statement per cell.');
	const ctes = new Set<string>();
	walk(tree.statements, (n) => {
		const map = (n.cte_map as { map?: { key: string }[] } | undefined)?.map;
		if (map) for (const e of map) ctes.add(e.key.toLowerCase());
	});
	walk(tree.statements, (n) => {
		if (n.type === 'TABLE_FUNCTION') {
			const fn = (n.function as Node | undefined)?.function_name;
			if (typeof fn !== 'string' || !TABLE_FUNCTIONS.has(fn.toLowerCase()))
				throw new NotebookSqlError(`${String(fn)}() is refused: notebook SQL cannot read files, the network or the database's internals. Query the tables ${NOTEBOOK_TABLES.join(', ')}.`);
		}
		if (n.type === 'BASE_TABLE') {
			const name = String(n.table_name ?? '');
			const schema = String(n.schema_name ?? '');
			const catalog = String(n.catalog_name ?? '');
			const known = (!schema || schema === 'main') && !catalog && (NOTEBOOK_TABLES.includes(name.toLowerCase()) || ctes.has(name.toLowerCase()));
			if (!known)
				throw new NotebookSqlError(
					/[/\\.]/.test(name) && !schema
						? `Reading "${name}" is refused: notebook SQL cannot read files. Query the tables ${NOTEBOOK_TABLES.join(', ')}.`
						: `There is no table ${[catalog, schema, name].filter(Boolean).join('.')} for notebooks: query ${NOTEBOOK_TABLES.join(', ')}.`
				);
		}
		if ((n.class === 'FUNCTION' || n.type === 'FUNCTION') && typeof n.function_name === 'string' && DENIED_FUNCTIONS.has(n.function_name.toLowerCase()))
			throw new NotebookSqlError(`${n.function_name}() is refused in notebooks.`);
	});
}
