// The program of a notebook cell process (sandbox.ts starts it as `node -e`), kept
// as text so that the same source runs under Vite, tsx and the built server. It
// needs nothing but @duckdb/node-api (its path is argv[1]) and Node itself.
//
// It opens the snapshot of the public tables read-only (argv[2]: paths, table
// names, DuckDB's memory limit), attaches the RCA snapshot read-only and shows its
// tables as temp views, then turns file access off and locks the configuration:
// from then on no statement can read a file, attach a database, load an
// extension, or change a setting. Each message is one cell: it runs the SQL with
// its bound parameters and answers with the rows as JSON, cut at a row cap and a
// byte cap, and its peak memory. It ends with its parent (IPC disconnect).
export const CELL_PROCESS_SOURCE = String.raw`'use strict';
const duckdb = require(process.argv[1]);
const cfg = JSON.parse(process.argv[2]);
const fs = require('fs');
const literal = (s) => "'" + String(s).replace(/'/g, "''") + "'";
const ident = (s) => '"' + String(s).replace(/"/g, '""') + '"';
let conn = null;

function status(field) {
	try {
		const m = new RegExp(field + ':\\s*(\\d+)').exec(fs.readFileSync('/proc/self/status', 'utf8'));
		return m ? Math.round(Number(m[1]) / 1024) : null;
	} catch (e) {
		return null;
	}
}
const peakMb = () => status('VmHWM');
const addressMb = () => status('VmSize');

async function open() {
	const instance = await duckdb.DuckDBInstance.create(cfg.data, {
		access_mode: 'READ_ONLY',
		threads: '1',
		memory_limit: cfg.memoryLimit,
		temp_directory: '',
		autoinstall_known_extensions: 'false',
		autoload_known_extensions: 'false'
	});
	conn = await instance.connect();
	await conn.run('ATTACH ' + literal(cfg.rca) + ' AS rca (READ_ONLY)');
	for (const t of cfg.rcaTables) await conn.run('CREATE TEMP VIEW ' + ident(t) + ' AS SELECT * FROM rca.main.' + ident(t));
	await conn.run("SET TimeZone = 'UTC'");
	await conn.run('SET enable_external_access = false');
	await conn.run('SET lock_configuration = true');
}

function value(v) {
	if (v === null || typeof v !== 'object') return v;
	if ('date' in v) return duckdb.dateValue(v.date);
	if ('bigint' in v) return BigInt(v.bigint);
	throw new Error('unsupported parameter');
}

async function run(m) {
	const values = {};
	for (const k of Object.keys(m.params)) values[k] = value(m.params[k]);
	const t0 = performance.now();
	const result = await conn.stream(m.sql, Object.keys(values).length ? values : undefined);
	const columns = result.columnNames();
	const types = result.columnTypes().map((t) => ({ typeId: t.typeId, alias: t.alias || null }));
	// each row reaches the page as an object: its column names count too
	const keyBytes = columns.reduce((n, c) => n + Buffer.byteLength(JSON.stringify(c)) + 1, 0);
	const rows = [];
	let bytes = 2;
	let truncated = false;
	for (;;) {
		const chunk = await result.fetchChunk();
		if (!chunk || chunk.rowCount === 0) break;
		for (let i = 0; i < chunk.rowCount && !truncated; i++) {
			if (rows.length >= m.rowCap) truncated = 'rows';
			else {
				const row = chunk.convertRowValues(i, duckdb.JsonDuckDBValueConverter);
				const size = Buffer.byteLength(JSON.stringify(row)) + keyBytes;
				if (bytes + size > m.byteCap) truncated = 'bytes';
				else {
					rows.push(row);
					bytes += size;
				}
			}
		}
		if (truncated) break;
	}
	return { id: m.id, columns, types, rows, truncated, bytes, ms: Math.round(performance.now() - t0), peakMb: peakMb(), addressMb: addressMb() };
}

process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
	run(m).then(
		(r) => process.send(r),
		(e) => process.send({ id: m.id, error: String((e && e.message) || e), peakMb: peakMb(), addressMb: addressMb() })
	);
});
open().then(
	() => process.send({ ready: true }),
	(e) => {
		process.send({ fatal: String((e && e.message) || e) });
		setTimeout(() => process.exit(1), 50);
	}
);
`;
