// Import benchmark: our CLI end to end vs a bare DuckDB read_csv of the same
// file, both as fresh processes in the same run; peak RSS from GNU time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGbk, writeExport, writeWorkbookExport } from './synthetic';

const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS || 100_000);
/** BENCH_ONLY=xlsx skips the CSV runs. */
const ONLY = process.env.BENCH_ONLY ?? '';

function timed(cmd: string[], env: Record<string, string> = {}): { seconds: number; peakRssMb: number; stdout: string } {
	const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', ...cmd], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
	const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
	if (r.status !== 0 || !m) throw new Error(`${cmd.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
	return { seconds: Number(m[1]), peakRssMb: Math.round(Number(m[2]) / 1024), stdout: r.stdout };
}

function bareDuckdb(file: string, db: string) {
	const script = `import { DuckDBInstance } from '@duckdb/node-api';
const c = await (await DuckDBInstance.create(${JSON.stringify(db)})).connect();
await c.run("CREATE TABLE t AS SELECT * FROM read_csv(${JSON.stringify(file).replaceAll('"', "'")})");`;
	return timed([process.execPath, '--input-type=module', '-e', script]);
}

function ours(file: string, db: string) {
	const r = timed([process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'import', file, '--db', db]);
	const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
	return { ...r, rows: summary.rowsInserted as number };
}

export async function run() {
	const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-'));
	try {
		for (const encoding of ONLY === 'xlsx' ? [] : (['utf-8', 'gbk'] as const)) {
			const utf8 = join(dir, 'export-utf8.csv');
			if (encoding === 'utf-8') await writeExport(utf8, ROWS);
			const file = encoding === 'gbk' ? join(dir, 'export-gbk.csv') : utf8;
			if (encoding === 'gbk') await writeExport(file, ROWS, encodeGbk);
			const bare = bareDuckdb(utf8, join(dir, `bare-${encoding}.duckdb`));
			const mine = ours(file, join(dir, `ours-${encoding}.duckdb`));
			console.log(
				JSON.stringify({
					bench: 'import',
					encoding,
					rows: mine.rows,
					fileMb: Math.round(statSync(file).size / 1048576),
					oursSeconds: mine.seconds,
					bareDuckdbSeconds: bare.seconds,
					ratio: Math.round((mine.seconds / bare.seconds) * 100) / 100,
					peakRssMb: mine.peakRssMb,
					bareNote: encoding === 'gbk' ? 'DuckDB cannot read GBK (no encodings extension here): the bare baseline reads the UTF-8 copy' : undefined
				})
			);
		}
		// an Excel workbook of XLSX_ROWS rows (read as a stream), and the same rows as CSV for comparison
		const book = join(dir, 'export.xlsx');
		await writeWorkbookExport(book, XLSX_ROWS);
		const csv = join(dir, 'export-small.csv');
		await writeExport(csv, XLSX_ROWS);
		const x = ours(book, join(dir, 'ours-xlsx.duckdb'));
		const c = ours(csv, join(dir, 'ours-xlsx-csv.duckdb'));
		console.log(
			JSON.stringify({
				bench: 'import',
				format: 'xlsx',
				rows: x.rows,
				fileMb: Math.round((statSync(book).size / 1048576) * 10) / 10,
				oursSeconds: x.seconds,
				peakRssMb: x.peakRssMb,
				sameRowsAsCsvSeconds: c.seconds,
				sameRowsAsCsvPeakRssMb: c.peakRssMb
			})
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
