// The one place where DuckDB values become JSON-safe JavaScript values.
// BIGINT/HUGEINT/DECIMAL → number (string when beyond 2^53), TIMESTAMP → ISO-like
// wall-clock text 'YYYY-MM-DDTHH:MM:SS' (no zone: times are stored as wall clock in
// CAUSEWAY_TZ), DATE → 'YYYY-MM-DD', JSON → parsed value, lists/structs recursively.
import { DuckDBTypeId, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

const NUMERIC_AS_TEXT = new Set<number>([
	DuckDBTypeId.BIGINT,
	DuckDBTypeId.UBIGINT,
	DuckDBTypeId.HUGEINT,
	DuckDBTypeId.UHUGEINT,
	DuckDBTypeId.DECIMAL,
	DuckDBTypeId.BIGNUM
]);
const TIMESTAMPS = new Set<number>([
	DuckDBTypeId.TIMESTAMP,
	DuckDBTypeId.TIMESTAMP_S,
	DuckDBTypeId.TIMESTAMP_MS,
	DuckDBTypeId.TIMESTAMP_NS,
	DuckDBTypeId.TIMESTAMP_TZ
]);

export function toNumber(text: string): number | string {
	const n = Number(text);
	return Number.isSafeInteger(n) || (Number.isFinite(n) && text.includes('.')) ? n : text;
}

export function timestampText(text: string): string {
	// DuckDB's JSON form is 'YYYY-MM-DD HH:MM:SS[.ffffff][+TZ]'
	return text.replace(' ', 'T').replace(/(\.\d{3})\d*/, '$1');
}

/** Convert one value as DuckDB's JSON converter produced it, given its column type. */
export function convertValue(value: unknown, type: DuckDBType): unknown {
	return convertTyped(value, type.typeId, type.alias);
}

/** The same, given the column's type id and alias (rows that crossed a process boundary as JSON). */
export function convertTyped(value: unknown, id: number, alias: string | null | undefined): unknown {
	if (value === null || value === undefined) return null;
	if (alias === 'JSON' && typeof value === 'string') {
		try {
			return JSON.parse(value);
		} catch {
			return value;
		}
	}
	if (NUMERIC_AS_TEXT.has(id) && typeof value === 'string') return toNumber(value);
	if (TIMESTAMPS.has(id) && typeof value === 'string') return timestampText(value);
	return value;
}

/** All rows of a reader as plain objects with JSON-safe values. */
export function readerRows(reader: DuckDBResultReader): Row[] {
	const names = reader.columnNames();
	const types = reader.columnTypes();
	const raw = reader.getRowsJson();
	return raw.map((r) => {
		const row: Row = {};
		for (let i = 0; i < names.length; i++) row[names[i]] = convertValue(r[i], types[i]);
		return row;
	});
}
