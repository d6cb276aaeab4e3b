// Notebook SQL only reads the workspace's public tables. Before a cell runs, DuckDB
// parses it (json_serialize_sql, which serialises SELECT statements only) and the
// tree is checked: one SELECT; table functions from a short allow-list; a base
// table must be one of the public tables or a CTE *visible at that place* (CTE
// names are resolved per scope, the way DuckDB binds them: a CTE is not visible in
// its own body unless it is recursive, nor outside the query that defines it); no
// SHOW/DESCRIBE/SUMMARIZE; no functions that read settings, variables or the
// environment; no construct the check does not know. Anything that would read a
// file or reach the network (read_csv('/etc/passwd'), FROM 'file.csv', COPY … TO,
// ATTACH, INSTALL) is refused with a sentence saying why.
//
// This is the first wall. The second is the engine: the cell then runs in its own
// process on a read-only snapshot that holds only the public tables, with file
// access off and the configuration locked (sandbox.ts).
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

/** The tables notebook SQL sees: the ticket schema and the RCA tables (import_rejects without its raw text). */
export const NOTEBOOK_TABLES = ['tickets', 'datasets', 'imports', 'import_rejects', 'cases', 'causes', 'whys', 'verifications', 'actions', 'pins'];
const TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest', 'json_each', 'json_tree']);
/** Scalar functions that read settings, variables, the environment or the query text, or write to the log. */
const DENIED_FUNCTIONS = new Set(['getenv', 'current_setting', 'getvariable', 'current_query', 'write_log', 'nextval', 'currval', 'setseed', 'read_text', 'read_blob']);
/** Node, table-reference, modifier and order types of the parse tree that a plain read is made of. */
const KNOWN_TYPES = new Set([
	'SELECT_NODE',
	'SET_OPERATION_NODE',
	'RECURSIVE_CTE_NODE',
	'CTE_NODE',
	'BASE_TABLE',
	'SUBQUERY',
	'JOIN',
	'TABLE_FUNCTION',
	'EMPTY',
	'EXPRESSION_LIST',
	'PIVOT',
	'ORDER_DEFAULT',
	'ASCENDING',
	'DESCENDING'
]);
/** Longer than any notebook needs; parsing stays cheap. */
export const MAX_CELL_SQL = 100_000;

type Node = { [k: string]: unknown };
type Scope = ReadonlySet<string>;

/** DuckDB compares identifiers case-insensitively in ASCII only: so do we (a Kelvin sign is not a k). */
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const isPublic = (name: string) => NOTEBOOK_TABLES.includes(fold(name));
const listTables = () => NOTEBOOK_TABLES.join(', ');

function refuse(message: string): never {
	throw new NotebookSqlError(message);
}

function checkNode(n: Node, scope: Scope) {
	if (n.type === 'SHOW_REF') refuse('SHOW, DESCRIBE and SUMMARIZE are refused in notebooks: query the tables ' + listTables() + '.');
	if (typeof n.type === 'string' && !('class' in n) && !KNOWN_TYPES.has(n.type) && !/_(MODIFIER|TYPE_INFO)$/.test(n.type))
		refuse(`This kind of SQL (${n.type}) is not available in notebooks: one SELECT over ${listTables()}.`);
	if (n.type === 'TABLE_FUNCTION') {
		const fn = (n.function as Node | undefined)?.function_name;
		if (typeof fn !== 'string' || !TABLE_FUNCTIONS.has(fold(fn)))
			refuse(`${String(fn)}() is refused: notebook SQL cannot read files, the network or the database's internals. Query the tables ${listTables()}.`);
	}
	if (n.type === 'BASE_TABLE') {
		const name = String(n.table_name ?? '');
		const schema = String(n.schema_name ?? '');
		const catalog = String(n.catalog_name ?? '');
		// tables by their bare name only: a cell sees one dataset's rows through common table
		// expressions of those names (run.ts), which `main.tickets` would step around
		const known = !schema && !catalog && (scope.has(fold(name)) || isPublic(name));
		if (!known)
			refuse(
				/[/\\.*?]/.test(name) && !schema
					? `Reading "${name}" is refused: notebook SQL cannot read files. Query the tables ${listTables()}.`
					: schema && !catalog && isPublic(name)
						? `Name the table as ${name}, without ${schema}.: a notebook cell reads the page's dataset through it.`
						: `There is no table ${[catalog, schema, name].filter(Boolean).join('.')} for notebooks: query ${listTables()}.`
			);
	}
	if ((n.class === 'FUNCTION' || n.type === 'FUNCTION') && typeof n.function_name === 'string' && DENIED_FUNCTIONS.has(fold(n.function_name)))
		refuse(`${n.function_name}() is refused in notebooks.`);
}

/** Walk the tree with the CTE names visible at each place. */
function check(v: unknown, scope: Scope): void {
	if (Array.isArray(v)) {
		for (const x of v) check(x, scope);
		return;
	}
	if (!v || typeof v !== 'object') return;
	const n = v as Node;
	let inner = scope;
	const map = (n.cte_map as { map?: { key: string; value: unknown }[] } | undefined)?.map;
	if (Array.isArray(map) && map.length) {
		// each CTE sees the ones before it, never itself (a self-reference binds to the table of that name)
		const names = new Set(scope);
		for (const e of map) {
			check(e.value, names);
			names.add(fold(String(e.key)));
		}
		inner = names;
	}
	checkNode(n, inner);
	const skip = new Set(['cte_map']);
	if (n.type === 'RECURSIVE_CTE_NODE') {
		// only the recursive term refers to the CTE itself
		check(n.left, inner);
		check(n.right, new Set([...inner, fold(String(n.cte_name ?? ''))]));
		skip.add('left').add('right');
	} else if (n.type === 'CTE_NODE') {
		check(n.query, inner);
		check(n.child, new Set([...inner, fold(String(n.ctename ?? n.cte_name ?? ''))]));
		skip.add('query').add('child');
	}
	for (const [k, x] of Object.entries(n)) if (!skip.has(k)) check(x, inner);
}

/** Throws NotebookSqlError when the statement is not a plain read of the public tables. */
export async function checkNotebookSql(s: Session, sql: string): Promise<void> {
	if (!sql.trim()) throw new NotebookSqlError('The cell is empty.');
	if (sql.length > MAX_CELL_SQL) throw new NotebookSqlError(`The cell is longer than ${MAX_CELL_SQL.toLocaleString('en')} characters.`);
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
	check(tree.statements, new Set());
}
