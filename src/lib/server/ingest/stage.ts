// Step two of an import: DuckDB reads the prepared UTF-8 file into a temp table
// (every column VARCHAR, bad rows kept aside with their reason), then one SQL
// pass turns source columns into ticket columns. Nothing here touches the
// persistent tables: that is merge.ts, in one transaction.
import type { DuckDBValue } from '@duckdb/node-api';
import type { Session } from '../db';
import { ident, list, literal } from '../db/identifiers';
import { chooseDateCandidate, dateCandidates, parseDate, SERIAL_MAX, SERIAL_MIN, type DateCandidate } from '../../ingest/dates';
import { RefusedError, shown } from '../../ingest/sniff';
import { headerSaysTwoLevels, type Field, type Mapping } from '../../ingest/mapping';
import { TIME_FIELD } from '../../ingest/content';
import {
	ERROR_CODE_BARE_RE,
	ERROR_CODE_KEYWORD_RE,
	NULL_TOKENS,
	PHONE_IN_TEXT_RE,
	cleanErrorCode,
	cleanValue,
	maskPhonesInText,
	normalisePriority,
	normaliseSatisfaction,
	normaliseStatus,
	splitCategory
} from '../../ingest/values';
import type { Prepared } from './prepare';
import type { DateChoice, EventLog } from '../../ingest/summary';

export interface Reject {
	line: number | null;
	reason: string;
	raw: string;
}


export interface Staged {
	/** Rows in the temp view `stage`, one per ticket id. */
	rows: number;
	rowsCollapsed: number;
	rejects: Reject[];
	dates: Partial<Record<Field, DateChoice>>;
	warnings: string[];
	eventLog: EventLog | null;
}

const DATE_FIELDS: Field[] = ['created_at', 'first_response_at', 'resolved_at', 'updated_at'];
const MAX_MAPPED_DISTINCT = 50_000;
const MAX_REJECTS_KEPT = 10_000;
const RAW_TEXT_LIMIT = 4_000;

/**
 * NULL tokens as the reader sees them: each in the casings exports use. DuckDB's
 * CSV reader turns them into NULL while parsing (nearly free); a per-value
 * lower(trim(x)) IN (…) in SQL cost more than the whole read on 1M rows.
 */
const NULL_STRINGS = [...new Set(NULL_TOKENS.flatMap((t) => [t, t.toUpperCase(), t[0] ? t[0].toUpperCase() + t.slice(1) : t]))];

/** SQL: a cleaned source value: trimmed, blank as NULL (NULL tokens are already NULL). */
function clean(col: string): string {
	return `nullif(trim(${col}), '')`;
}

/** SQL: free text with mobile numbers reduced to their last four digits. */
function maskedText(expr: string): string {
	const re = literal(PHONE_IN_TEXT_RE);
	const once = `regexp_replace(${expr}, ${re}, '\\1*******\\2\\3', 'g')`;
	return `CASE WHEN regexp_matches(${expr}, ${literal(PHONE_CORE_RE)}) THEN regexp_replace(${once}, ${re}, '\\1*******\\2\\3', 'g') ELSE ${expr} END`;
}
// a cheap test before the full pattern: most values hold no phone number
const PHONE_CORE_RE = '1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}';

/**
 * SQL parsing a cleaned value with a candidate. One try_strptime per format in a
 * coalesce, the formats that read most sample values first: DuckDB's list form
 * try_strptime(v, [..]) is an order of magnitude slower when early formats fail.
 */
function dateSql(value: string, c: DateCandidate, sample: string[]): string {
	// a %y format and its %Y twin can read the same value ('1/2/24' is year 24 with %Y):
	// they move as a pair, %y first, as the candidate lists them
	const groups = new Map<string, { first: number; hits: number; formats: string[] }>();
	c.formats.forEach((f, i) => {
		const key = f.replace('%Y', '%y');
		const g = groups.get(key) ?? { first: i, hits: 0, formats: [] };
		g.formats.push(f);
		g.hits += sample.filter((v) => parseDate(v, { ...c, formats: [f] }) !== null).length;
		groups.set(key, g);
	});
	const ordered = [...groups.values()].sort((a, b) => Number(b.hits > 0) - Number(a.hits > 0) || a.first - b.first).flatMap((g) => g.formats);
	const parts = ordered.map((f) => `try_strptime(${value}, ${literal(f)})`);
	if (c.serial) parts.push(serialSql(value));
	const parsed = parts.length === 1 ? parts[0] : `coalesce(${parts.join(', ')})`;
	return c.offset ? `timezone($tz, ${parsed})` : parsed;
}

/** SQL: an Excel serial day number (as parseExcelSerial reads it), else NULL. */
function serialSql(value: string): string {
	return `CASE WHEN regexp_full_match(${value}, '[0-9]{5}([.][0-9]+)?') AND TRY_CAST(${value} AS DOUBLE) >= ${SERIAL_MIN} AND TRY_CAST(${value} AS DOUBLE) < ${SERIAL_MAX + 1}
		THEN TIMESTAMP '1899-12-30' + to_seconds(CAST(round(TRY_CAST(${value} AS DOUBLE) * 86400) AS BIGINT)) END`;
}

export async function stageFile(
	s: Session,
	prepared: Prepared,
	mapping: Mapping,
	options: { tz: string; dateOrder?: 'dmy' | 'mdy' | 'ymd'; splitCategory?: boolean; /** the existing dataset the file goes into (null: a new one) */ datasetId?: number | null }
): Promise<Staged> {
	const headers = prepared.table.headers;
	const cols = headers.map((_, i) => `c${i}`);
	const colOf = (f: Field): string | null => {
		const h = mapping[f];
		if (h === undefined) return null;
		const i = headers.indexOf(h);
		return i < 0 ? null : ident(cols[i]);
	};
	const warnings: string[] = [];

	// 1. read into a temp table; bad rows go to DuckDB's reject tables
	const columns = `{${cols.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ')}}`;
	try {
		await s.run(
			`CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(${literal(prepared.path)},
				header = true, auto_detect = false, delim = ${literal(prepared.table.delimiter)},
				quote = '"', escape = '"', columns = ${columns}, max_line_size = 16777216, buffer_size = 33554432,
				nullstr = [${NULL_STRINGS.map(literal).join(', ')}],
				store_rejects = true, rejects_table = 'raw_rejects', rejects_scan = 'raw_scans')`
		);
	} catch (e) {
		if ((e as Error).message.startsWith('Out of Memory Error')) throw e; // the importer says it in a sentence
		throw new RefusedError(`DuckDB could not read the file as CSV: ${(e as Error).message.split('\n')[0]}`);
	}
	// a byte-order mark in the middle of the file (two exports pasted together) starts a line: it is no part of the first value
	await s.run(`UPDATE raw SET c0 = ltrim(c0, '\ufeff') WHERE starts_with(c0, '\ufeff')`);
	const rawCount = Number((await s.one<{ n: number }>('SELECT count(*) AS n FROM raw'))!.n);
	const scan = await prepared.scan;
	if (scan.records === 0) throw new RefusedError('The file has a header but no rows.');

	// 2. line numbers: record r (header = 0) sits on physical line junk + r + 1 + (line breaks inside earlier records)
	const extraBefore = cumulative(scan.multiline);
	const lineOf = (record: number) => prepared.table.junkLines + record + 1 + lookup(extraBefore, record);
	const duckRejects = await s.all<{ line: number; error_type: string; error_message: string; csv_line: string }>(
		// one error per line: a short row is reported once for every missing column
		// (column_idx is NULL for an error of the whole line, such as one over the line size: coalesce so arg_min keeps it)
		`SELECT line, arg_min(error_type, coalesce(column_idx, -1)) AS error_type, arg_min(error_message, coalesce(column_idx, -1)) AS error_message,
			any_value(csv_line) AS csv_line FROM raw_rejects GROUP BY line ORDER BY line`
	);
	// records not as wide as the header were evened by our scan (cut or padded, then a marker): their real count
	const misfit = new Map(scan.wide);
	const rejects: Reject[] = duckRejects.map((r) => {
		const type = String(r.error_type ?? '');
		const fields = type === 'TOO MANY COLUMNS' || type === 'MISSING COLUMNS' ? misfit.get(Number(r.line) - 1) : undefined;
		let line = String(r.csv_line ?? '').replace(/^[\r\n]+/, '');
		const added = fields ? prepared.table.delimiter.repeat(fields < headers.length ? headers.length - fields + 1 : 1) + '\u2026' : '';
		if (added && line.endsWith(added)) line = line.slice(0, -added.length);
		return {
			line: lineOf(Number(r.line) - 1),
			reason: fields ? `expected ${headers.length} fields, found ${fields}` : readerReason(type, String(r.error_message ?? '')),
			raw: maskPhonesInText(line).replaceAll('\0', '\u2400').slice(0, RAW_TEXT_LIMIT)
		};
	});
	// records that yield no row shift the row → record numbering
	const skipped = [...new Set([...scan.blank, ...duckRejects.map((r) => Number(r.line) - 1)])].sort((a, b) => a - b);
	await s.run(
		`CREATE OR REPLACE TEMP TABLE shifts AS
		 SELECT th, max(shift) AS shift FROM (SELECT unnest(${list('th', 'INTEGER')}) AS th, unnest(${list('sh', 'INTEGER')}) AS shift) GROUP BY th`,
		{ th: JSON.stringify(skipped.map((r, i) => r - i)), sh: JSON.stringify(skipped.map((_, i) => i + 1)) }
	);
	await s.run(
		`CREATE OR REPLACE TEMP TABLE extras AS SELECT unnest(${list('rec', 'INTEGER')}) AS rec_from, unnest(${list('ex', 'INTEGER')}) AS extra`,
		{ rec: JSON.stringify(extraBefore.map(([r]) => r)), ex: JSON.stringify(extraBefore.map(([, e]) => e)) }
	);

	// 3. date columns: the format is decided over the whole column
	const dates: Partial<Record<Field, DateChoice>> = {};
	const dateExpr: Partial<Record<Field, string>> = {};
	// a date column with its time-of-day column (Date + Time): one value, 'date time'
	const timeCol = (f: Field) => (TIME_FIELD[f] ? colOf(TIME_FIELD[f]!) : null);
	const valueOf = (f: Field, col: string, cleaned: boolean) => {
		const d = cleaned ? `r.${col}` : clean(col);
		const t = timeCol(f);
		if (!t) return d;
		const tv = cleaned ? `r.${t}` : clean(t);
		return `CASE WHEN ${tv} IS NULL THEN ${d} ELSE ${d} || ' ' || ${tv} END`;
	};
	for (const f of DATE_FIELDS) {
		const col = colOf(f);
		if (!col) continue;
		const sample = (
			await s.all<{ v: string }>(
				`SELECT v FROM ((SELECT ${valueOf(f, col, false)} AS v FROM raw LIMIT 2000) UNION ALL (SELECT ${valueOf(f, col, false)} AS v FROM raw USING SAMPLE 3000 ROWS)) WHERE v IS NOT NULL`
			)
		).map((r) => r.v);
		let candidates = dateCandidates(sample);
		if (options.dateOrder) {
			const only = candidates.filter((c) => c.order === options.dateOrder);
			if (only.length) candidates = only;
		}
		if (candidates.length === 0) {
			if (f === 'created_at')
				throw new RefusedError(
					`The column "${shown(mapping[f]!)}" chosen as the creation time holds no dates (e.g. ${JSON.stringify(shown(sample[0] ?? ''))}): choose another with --map created_at=<column>.`
				);
			warnings.push(`Column "${mapping[f]}" (${f}) holds no recognisable dates and was not imported as ${f}.`);
			continue;
		}
		const countSql = candidates.map((c, i) => `count(${dateSql(valueOf(f, col, false), c, sample)}) AS k${i}`).join(', ');
		const row = (await s.one<Record<string, number>>(`SELECT count(${clean(col)}) AS nonnull, ${countSql} FROM raw`, { tz: options.tz }))!;
		const counts: Record<string, number> = {};
		candidates.forEach((c, i) => (counts[c.id] = Number(row[`k${i}`])));
		const choice = chooseDateCandidate(candidates, counts);
		if (!choice) continue;
		const parsed = counts[choice.chosen.id];
		dates[f] = {
			header: mapping[f]!,
			...(timeCol(f) ? { timeHeader: mapping[TIME_FIELD[f]!] } : {}),
			format: choice.chosen.label,
			order: choice.chosen.order,
			ambiguous: choice.ambiguous,
			alternatives: choice.alternatives.map((a) => a.label),
			parsed,
			unparsed: Number(row.nonnull) - parsed,
			reason: choice.reason
		};
		if (choice.ambiguous)
			warnings.push(
				`Column "${mapping[f]}" is ambiguous: every value reads as ${choice.chosen.label} or as ${choice.alternatives.map((a) => a.label).join(' / ')}; ${choice.reason}.`
			);
		dateExpr[f] = dateSql(valueOf(f, col, true), choice.chosen, sample);
	}

	// 4. small value maps, computed in TypeScript over each column's distinct values
	const joins: string[] = [];
	const mapped = async (f: Field, name: string, fn: (v: string | null) => [string | null, string | null]): Promise<string | null> => {
		const col = colOf(f);
		if (!col) return null;
		const distinct = (await s.all<{ v: string }>(`SELECT DISTINCT ${clean(col)} AS v FROM raw WHERE ${clean(col)} IS NOT NULL LIMIT ${MAX_MAPPED_DISTINCT + 1}`)).map((r) => r.v);
		if (distinct.length > MAX_MAPPED_DISTINCT) {
			warnings.push(`Column "${mapping[f]}" has more than ${MAX_MAPPED_DISTINCT} distinct values; they were kept as they are.`);
			return null;
		}
		const out = distinct.map(fn);
		await s.run(
			`CREATE OR REPLACE TEMP TABLE ${name} AS SELECT unnest(${list('raw', 'VARCHAR')}) AS raw, unnest(${list('a', 'VARCHAR')}) AS a, unnest(${list('b', 'VARCHAR')}) AS b`,
			{ raw: JSON.stringify(distinct), a: JSON.stringify(out.map((o) => o[0])), b: JSON.stringify(out.map((o) => o[1])) }
		);
		joins.push(`LEFT JOIN ${name} ON ${name}.raw = r.${col}`);
		return name;
	};
	const mPriority = await mapped('priority', 'map_priority', (v) => [normalisePriority(v), null]);
	const mStatus = await mapped('status', 'map_status', (v) => [normaliseStatus(v), null]);
	const mSatisfaction = await mapped('satisfaction', 'map_satisfaction', (v) => [normaliseSatisfaction(v)?.toString() ?? null, null]);
	// a/b values split into category/subcategory only when the header says two levels, or the user asks
	const splitCat = colOf('subcategory') === null && (options.splitCategory ?? headerSaysTwoLevels(mapping.category));
	const mCategory = await mapped('category', 'map_category', (v) => (splitCat ? splitCategory(v) : [cleanValue(v), null]));
	const mError = await mapped('error_code', 'map_error', (v) => [cleanErrorCode(v), null]);

	// 5. the ticket columns
	const text = (f: Field) => (colOf(f) ? `r.${colOf(f)}` : null);
	const plain = (f: Field) => text(f) ?? 'NULL';
	const masked = (f: Field) => (text(f) ? maskedText(text(f)!) : 'NULL');
	const attachment = text('attachment');
	const description = text('description');
	// keyword first (错误码:E1002) in attachment or description, then a bare E1234
	const liftFrom = [attachment, description].filter((x): x is string => x !== null);
	const liftText = liftFrom.length > 1 ? `concat_ws(' ', ${liftFrom.join(', ')})` : liftFrom[0];
	const lifted = liftText
		? `coalesce(upper(nullif(regexp_extract(${liftText}, ${literal(ERROR_CODE_KEYWORD_RE)}, 1), '')), nullif(regexp_extract(${liftText}, ${literal(ERROR_CODE_BARE_RE)}, 1), ''))`
		: 'NULL';
	const idCol = text('ticket_id');
	const contentHash = `'h' || left(md5(CAST([${cols.map((c) => `r.${c}`).join(', ')}] AS VARCHAR)), 16)`;
	const mappedHeaders = new Set(Object.values(mapping));
	const unmapped = headers.map((h, i) => ({ h, i })).filter(({ h }) => !mappedHeaders.has(h));
	const attrParams: Record<string, DuckDBValue> = {};
	unmapped.forEach(({ h }, k) => (attrParams[`attr${k}`] = h));
	const attrs = unmapped.length
		? `json_object(${unmapped.map(({ i }, k) => `$attr${k}, ${maskedText(`r.${cols[i]}`)}`).join(', ')})`
		: 'NULL::JSON';
	const customer = text('customer_name');
	const contact = text('contact');

	const select: [string, string][] = [
		['ticket_id', idCol ? `coalesce(${idCol}, ${contentHash})` : contentHash],
		['created_at', dateExpr.created_at ?? 'NULL::TIMESTAMP'],
		['first_response_at', dateExpr.first_response_at ?? 'NULL::TIMESTAMP'],
		['resolved_at', dateExpr.resolved_at ?? 'NULL::TIMESTAMP'],
		['channel', plain('channel')],
		['category', mCategory ? `${mCategory}.a` : plain('category')],
		['subcategory', mCategory && splitCat ? `${mCategory}.b` : plain('subcategory')],
		['priority', mPriority ? `${mPriority}.a` : 'NULL'],
		['priority_raw', plain('priority')],
		['status', mStatus ? `${mStatus}.a` : 'NULL'],
		['status_raw', plain('status')],
		['emotion', plain('emotion')],
		['error_code', mError ? `${mError}.a` : colOf('error_code') ? plain('error_code') : lifted],
		['product', plain('product')],
		['region', plain('region')],
		['segment', plain('segment')],
		['assignee', plain('assignee')],
		['team', plain('team')],
		[
			'customer_ref',
			customer
				? `CASE WHEN ${customer} LIKE '%*%' THEN regexp_replace(${customer}, '[0-9]+([0-9]{4})', '\\1', 'g') ELSE left(${customer}, 1) || '*' END`
				: 'NULL'
		],
		[
			'contact_last4',
			contact
				? `CASE WHEN ${contact} LIKE '%_@%' THEN '***' || substr(${contact}, instr(${contact}, '@')) ELSE nullif(right(regexp_replace(${contact}, '[^0-9]', '', 'g'), 4), '') END`
				: 'NULL'
		],
		['subject', masked('subject')],
		['description', masked('description')],
		['resolution', masked('resolution')],
		['satisfaction', mSatisfaction ? `TRY_CAST(${mSatisfaction}.a AS DOUBLE)` : 'NULL::DOUBLE'],
		['attrs', attrs]
	];
	const modCount = colOf('mod_count') ? `TRY_CAST(r.${colOf('mod_count')} AS DOUBLE)` : 'NULL::DOUBLE';
	const updated = dateExpr.updated_at ?? 'NULL::TIMESTAMP';

	// every source column cleaned once; record and line numbers only when something shifts them
	const recExpr = skipped.length ? '(r._rowid + 1 + coalesce(sh.shift, 0))::BIGINT' : '(r._rowid + 1)::BIGINT';
	const shiftJoin = skipped.length ? 'ASOF LEFT JOIN shifts sh ON r._rowid + 1 >= sh.th' : '';
	const lineExpr = extraBefore.length ? '($junk + n._rec + 1 + coalesce(ex.extra, 0))::INTEGER' : '($junk + n._rec + 1)::INTEGER';
	const extraJoin = extraBefore.length ? 'ASOF LEFT JOIN extras ex ON n._rec >= ex.rec_from' : '';
	await s.run(
		`CREATE OR REPLACE TEMP TABLE pre AS
		 WITH cleaned AS (
			SELECT rowid AS _rowid, ${cols.map((c) => `${clean(ident(c))} AS ${ident(c)}`).join(', ')} FROM raw
		 ), numbered AS (
			SELECT r.*, ${recExpr} AS _rec FROM cleaned r ${shiftJoin}
		 ), lined AS (
			SELECT n.*, ${lineExpr} AS _line FROM numbered n ${extraJoin}
		 )
		 , ticket AS (
			SELECT ${select.map(([name, expr]) => `${expr} AS ${ident(name)}`).join(',\n')},
				r._line AS source_line, r._rowid, ${modCount} AS _mod, ${updated} AS _updated
			FROM lined r ${joins.join(' ')}
		 )
		 SELECT *, hash(${select.map(([n]) => (n === 'attrs' ? 'attrs::VARCHAR' : ident(n))).join(', ')}) AS row_hash FROM ticket`,
		{ tz: options.tz, junk: prepared.table.junkLines, ...attrParams }
	);

	// %Y reads one to three digits: a stray '22-04-15' in a year-first column would be year 22
	for (const f of Object.keys(dateExpr)) {
		const c = ident(f === 'updated_at' ? '_updated' : f);
		await s.run(`UPDATE pre SET ${c} = NULL WHERE ${c} < TIMESTAMP '1000-01-01'`);
	}

	// 6. rows with no parsable creation time, or with NUL bytes (never text: a damaged export), become rejects
	const nulLines = new Set(scan.nul.map(lineOf));
	if (nulLines.size)
		await s.run(`UPDATE pre SET created_at = NULL WHERE source_line IN (SELECT unnest(${list('nul', 'INTEGER')}))`, { nul: JSON.stringify([...nulLines]) });
	const createdCol = colOf('created_at')!;
	const bad = await s.all<Record<string, string | number | null>>(
		`SELECT p.source_line AS _line, ${cols.map((c) => `r.${c}`).join(', ')} FROM pre p JOIN raw r ON r.rowid = p._rowid
		 WHERE p.created_at IS NULL ORDER BY p._rowid LIMIT ${MAX_REJECTS_KEPT}`
	);
	const badCount = Number((await s.one<{ n: number }>('SELECT count(*) AS n FROM pre WHERE created_at IS NULL'))!.n);
	const createdIdx = cols.indexOf(createdCol.replaceAll('"', ''));
	const createdLabel = dates.created_at?.format;
	for (const b of bad) {
		const value = b[`c${createdIdx}`];
		const v = cleanValue(value == null ? null : String(value));
		rejects.push({
			line: Number(b._line),
			reason: nulLines.has(Number(b._line))
				? NUL_REASON
				: v === null
					? `no creation time (column "${shown(mapping.created_at!)}" is empty)`
					: `creation time ${JSON.stringify(shown(v))} in column "${shown(mapping.created_at!)}" does not read as ${createdLabel ?? 'a date'}`,
			raw: maskPhonesInText(csvLine(cols.map((c) => b[c]), prepared.table.delimiter)).replaceAll('\0', '\u2400').slice(0, RAW_TEXT_LIMIT)
		});
	}
	rejects.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
	if (badCount > bad.length) warnings.push(`${badCount - bad.length} more rows without a creation time were rejected; the first ${bad.length} are listed.`);
	const good = rawCount - badCount;
	if (good === 0) {
		const first = rejects[0];
		throw new RefusedError(
			rawCount === 0 && rejects.length === 0
				? 'The file has a header but no rows.'
				: `None of the ${scan.records} rows could be imported${first ? `: line ${first.line}, ${first.reason}` : ''}.`
		);
	}

	// raw is no longer needed: free its memory before the merge
	await s.run('DROP TABLE raw');

	// 7. one row per ticket id. An event log: the state from its latest event, the creation time the earliest
	// across its events, the resolution time when it entered its final resolved/closed state (when no column
	// gives it), the number of events and of reopenings
	const distinct = Number((await s.one<{ n: number }>('SELECT count(DISTINCT ticket_id) AS n FROM pre WHERE created_at IS NOT NULL'))!.n);
	const names = [...select.map(([n]) => ident(n)), 'source_line', 'row_hash'].join(', ');
	let eventLog: EventLog | null = null;
	if (distinct < good) {
		const hasStatus = colOf('status') !== null;
		const hasUpdated = dateExpr.updated_at !== undefined;
		// the per-row time of an event: updated_at, else the creation column when it changes within a ticket
		const createdVaries =
			Number((await s.one<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM pre WHERE created_at IS NOT NULL GROUP BY ticket_id HAVING min(created_at) < max(created_at))'))!.n) > 0;
		const eventTime = hasUpdated ? 'coalesce(_updated, created_at)' : createdVaries ? 'created_at' : null;
		const deriveResolved = !dateExpr.resolved_at && hasStatus && eventTime !== null;
		const done = `status IN ('resolved', 'closed')`;
		const order = '_mod NULLS FIRST, _updated NULLS FIRST, created_at, _rowid';
		const cols = select.map(([n]) =>
			n === 'created_at' ? '_created AS created_at' : n === 'resolved_at' && deriveResolved ? `CASE WHEN ${done} THEN _entered END AS resolved_at` : ident(n)
		);
		await s.run(
			`CREATE OR REPLACE TEMP TABLE ev AS
			 SELECT *, row_number() OVER (PARTITION BY ticket_id ORDER BY ${order}) AS _pos,
				lag(status) OVER (PARTITION BY ticket_id ORDER BY ${order}) AS _prev
			 FROM pre WHERE created_at IS NOT NULL`
		);
		await s.run('DROP TABLE pre');
		await s.run(
			`CREATE OR REPLACE TEMP TABLE deduped AS
			 WITH marked AS (
				SELECT *, min(created_at) OVER w AS _created, count(*) OVER w AS _events, max(_pos) OVER w AS _n,
					${hasStatus ? `count(*) FILTER (WHERE status IN ('open', 'pending') AND _prev IN ('resolved', 'closed')) OVER w` : 'NULL'} AS _reopened,
					${deriveResolved ? `arg_max(${eventTime}, _pos) FILTER (WHERE ${done} AND (_prev IS NULL OR _prev NOT IN ('resolved', 'closed'))) OVER w` : 'NULL::TIMESTAMP'} AS _entered
				FROM ev WINDOW w AS (PARTITION BY ticket_id)
			 ), last AS (
				SELECT ${cols.join(', ')}, source_line, _events::INTEGER AS events, _reopened::INTEGER AS reopened FROM marked WHERE _pos = _n
			 ), latest AS (
				-- a log continued from an earlier file (next week's events): the ticket keeps its earliest creation time
				SELECT l.* REPLACE (CASE WHEN t.created_at < l.created_at THEN t.created_at ELSE l.created_at END AS created_at)
				FROM last l LEFT JOIN tickets t ON t.dataset_id = $dataset AND t.ticket_id = l.ticket_id
			 )
			 SELECT *, hash(${select.map(([n]) => (n === 'attrs' ? 'attrs::VARCHAR' : ident(n))).join(', ')}, events, reopened) AS row_hash FROM latest`,
			{ dataset: options.datasetId ?? -1 }
		);
		await s.run('DROP TABLE ev');
		await s.run('CREATE OR REPLACE TEMP VIEW stage AS SELECT * FROM deduped');
		const createdHeader = mapping.created_at!;
		eventLog = {
			events: good,
			tickets: distinct,
			createdFrom: `the earliest "${createdHeader}" of each ticket's events (or its creation time from an earlier import, when earlier)`,
			resolvedFrom: dateExpr.resolved_at
				? `"${mapping.resolved_at}" of the latest event`
				: deriveResolved
					? `the time ("${hasUpdated ? mapping.updated_at : createdHeader}") it entered its final resolved/closed state`
					: null,
			stateFrom: colOf('mod_count') ? `the event with the highest "${mapping.mod_count}"` : hasUpdated ? `the event with the latest "${mapping.updated_at}"` : createdVaries ? `the event with the latest "${createdHeader}"` : 'the last event in file order'
		};
		if (!colOf('mod_count') && !hasUpdated && !createdVaries)
			warnings.push(`Ticket ids repeat in this file: the last row of each id in file order was kept (map mod_count or updated_at to choose by version).`);
	} else {
		await s.run(`CREATE OR REPLACE TEMP VIEW stage AS SELECT ${names}, NULL::INTEGER AS events, NULL::INTEGER AS reopened FROM pre WHERE created_at IS NOT NULL`);
	}
	return { rows: distinct, rowsCollapsed: good - distinct, rejects, dates, warnings, eventLog };
}

const NUL_REASON = 'NUL bytes in the row (text never has them: the export is damaged)';

function readerReason(type: string, message: string): string {
	const m = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
	if (m) return `expected ${m[1]} fields, found ${m[2]}`;
	if (/unterminated quote/i.test(message)) return 'a quoted field that is never closed';
	if (type === 'UNQUOTED VALUE') return 'a quote inside an unquoted field';
	if (type === 'LINE SIZE OVER MAXIMUM') return 'the line is longer than 16 MB';
	if (type === 'INVALID UNICODE' || type === 'INVALID ENCODING') return 'bytes that are not valid text in the chosen encoding';
	return `${type.toLowerCase()}: ${message.split('\n')[0]}`;
}

/** [record, newlines inside it] → sorted [first record after it, newlines before that record]. */
function cumulative(multiline: [number, number][]): [number, number][] {
	let sum = 0;
	return multiline.map(([r, n]) => {
		sum += n;
		return [r + 1, sum];
	});
}

/** The value for the largest key ≤ x in a sorted [key, value] list, else 0. */
function lookup(table: [number, number][], x: number): number {
	let lo = 0;
	let hi = table.length - 1;
	let found = 0;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (table[mid][0] <= x) {
			found = table[mid][1];
			lo = mid + 1;
		} else hi = mid - 1;
	}
	return found;
}

export function csvLine(values: unknown[], delimiter: string): string {
	return values
		.map((v) => {
			if (v === null || v === undefined) return '';
			const t = String(v);
			return /["\r\n]/.test(t) || t.includes(delimiter) ? `"${t.replaceAll('"', '""')}"` : t;
		})
		.join(delimiter);
}
