// The spine: one Filter — a time window, dimension → allowed values, a text
// search — with one URL form and one compiler to parameterised SQL. Every view,
// a case's effect and a cause's evidence use it. Values are always bound
// parameters; a column name comes only from the allow-list (the canonical
// dimensions, plus custom columns found in attrs, whose names are bound too).
import { DEFAULT_SLA, slaSql, type SlaMinutes } from './sla';

/** Canonical ticket columns that can be a dimension. */
export const DIMENSIONS = ['category', 'subcategory', 'error_code', 'channel', 'priority', 'status', 'emotion', 'product', 'region', 'segment', 'assignee', 'team'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Dimensions computed from created_at (wall clock in the workspace zone): ISO
 * weekday 1 = Monday … 7 = Sunday, and the hour '00'…'23'. The weekday × hour
 * heatmap is their cross-tab, and its cells drill down like any other.
 */
export const DERIVED_DIMENSIONS = {
	weekday: (a: string) => `CAST(isodow(${a}created_at) AS VARCHAR)`,
	hour: (a: string) => `strftime(${a}created_at, '%H')`,
	/** 'breached' | 'met' against the response-time SLA of the ticket's priority (src/lib/sla.ts). */
	sla: (a: string, sla: SlaMinutes) => slaSql(sla, a)
} as const;

/**
 * Dimensions of a ticket's text (src/lib/server/text/): `term` — a term of its subject or
 * description (repeated: the ticket mentions all of them); `theme` — a named set of terms
 * (the ticket mentions any term of it; repeated: any of the themes). Several values per
 * ticket, so they group through the term index, not a column.
 */
export const TEXT_DIMENSIONS = ['term', 'theme'] as const;

/** A custom column (from attrs) is written attr.<name> in the URL and in Filter.dims. */
export const ATTR_PREFIX = 'attr.';
/** The value that selects tickets where the dimension is empty. */
export const NULL_VALUE = '(空)';

export const PRESETS = ['this_week', 'last_week', 'last_4_weeks', 'last_13_weeks', 'this_month', 'last_month'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Filter {
	/** The dataset (id or name, as written in the URL); absent: the dataset most recently imported into. */
	dataset?: string;
	/** First day, inclusive, 'YYYY-MM-DD' (wall clock in the workspace zone). */
	from?: string;
	/** Last day, inclusive, 'YYYY-MM-DD'. */
	to?: string;
	/** A named window; resolved to from/to against a given today. */
	preset?: Preset;
	/** Dimension (canonical, derived, or attr.<name>) → allowed values. */
	dims: Record<string, string[]>;
	/** Dimension → excluded values (URL: not.<dim>=value); "Other" in a chart drills down with these. */
	not?: Record<string, string[]>;
	/** Text search over subject and description. */
	q?: string;
}

const RESERVED = new Set(['dataset', 'from', 'to', 'preset', 'q']);
const NOT_PREFIX = 'not.';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The days a window may name: a comparison window before an earlier one must still be a date DuckDB can read. */
const FIRST_DAY = '1900-01-01';
const LAST_DAY = '2199-12-31';

function validDay(s: string | null): string | undefined {
	if (!s || !DAY.test(s) || s < FIRST_DAY || s > LAST_DAY) return undefined;
	const d = new Date(`${s}T00:00:00Z`);
	return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? undefined : s;
}

export function isDimension(name: string): boolean {
	return (
		(DIMENSIONS as readonly string[]).includes(name) ||
		name in DERIVED_DIMENSIONS ||
		(TEXT_DIMENSIONS as readonly string[]).includes(name) ||
		(name.startsWith(ATTR_PREFIX) && name.length > ATTR_PREFIX.length)
	);
}

/**
 * The Filter in URL parameters. Parameters that are not part of a filter
 * (grain, dim, page …) are left for the view; pass `only` to read a filter that
 * sits inside another parameter (a case's effect).
 */
export function parseFilter(params: URLSearchParams): Filter {
	const f: Filter = { dims: {} };
	const dataset = params.get('dataset')?.trim();
	if (dataset) f.dataset = dataset.slice(0, 100);
	const from = validDay(params.get('from'));
	const to = validDay(params.get('to'));
	if (from) f.from = from;
	if (to) f.to = to;
	const preset = params.get('preset');
	if (preset && (PRESETS as readonly string[]).includes(preset)) f.preset = preset as Preset;
	const q = params.get('q')?.trim();
	if (q) f.q = q.slice(0, 200);
	for (const key of new Set(params.keys())) {
		if (RESERVED.has(key)) continue;
		const negated = key.startsWith(NOT_PREFIX);
		const dim = negated ? key.slice(NOT_PREFIX.length) : key;
		if (!isDimension(dim)) continue;
		const values = [...new Set(params.getAll(key).filter((v) => v !== ''))].slice(0, 500);
		if (!values.length) continue;
		if (negated) (f.not ??= {})[dim] = values;
		else f.dims[dim] = values;
	}
	return f;
}

/** The URL form: stable order (dataset, from, to, preset, q, then dimensions by name, values in order given). */
export function filterToParams(f: Filter): URLSearchParams {
	const p = new URLSearchParams();
	if (f.dataset) p.set('dataset', f.dataset);
	if (f.from) p.set('from', f.from);
	if (f.to) p.set('to', f.to);
	if (f.preset) p.set('preset', f.preset);
	if (f.q) p.set('q', f.q);
	for (const key of Object.keys(f.dims).sort()) for (const v of f.dims[key]) p.append(key, v);
	for (const key of Object.keys(f.not ?? {}).sort()) for (const v of f.not![key]) p.append(NOT_PREFIX + key, v);
	return p;
}

export function filterToQuery(f: Filter): string {
	return filterToParams(f).toString();
}

/** Is this URL parameter part of a Filter (window, search, a dimension or its exclusion)? */
export function isFilterParam(key: string): boolean {
	return ['dataset', 'from', 'to', 'preset', 'q'].includes(key) || isDimension(key.startsWith(NOT_PREFIX) ? key.slice(NOT_PREFIX.length) : key);
}

export function parseFilterQuery(query: string): Filter {
	return parseFilter(new URLSearchParams(query.startsWith('?') ? query.slice(1) : query));
}

/** A Filter's URL form as people read it: `subcategory = 支付失败, channel ≠ APP, “退款”`. */
export function filterText(query: string | null | undefined): string {
	if (!query) return '';
	const f = parseFilterQuery(query);
	const parts = Object.entries(f.dims).map(([k, v]) => `${k} = ${v.join(' / ')}`);
	for (const [k, v] of Object.entries(f.not ?? {})) parts.push(`${k} ≠ ${v.join(' / ')}`);
	if (f.q) parts.push(`“${f.q}”`);
	if (f.from || f.to) parts.push(`${f.from ?? '…'} – ${f.to ?? '…'}`);
	return parts.join(', ');
}

export function isEmptyFilter(f: Filter): boolean {
	return !f.from && !f.to && !f.preset && !f.q && Object.keys(f.dims).length === 0 && Object.keys(f.not ?? {}).length === 0;
}

// --- time windows (ISO weeks start on Monday) -------------------------------

function addDays(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

export function mondayOf(day: string): string {
	const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
	return addDays(day, -((dow + 6) % 7));
}

/** The window of a preset, given today's date in the workspace zone. */
export function presetWindow(preset: Preset, today: string): { from: string; to: string } {
	const monday = mondayOf(today);
	switch (preset) {
		case 'this_week':
			return { from: monday, to: addDays(monday, 6) };
		case 'last_week':
			return { from: addDays(monday, -7), to: addDays(monday, -1) };
		case 'last_4_weeks':
			return { from: addDays(monday, -28), to: addDays(monday, -1) };
		case 'last_13_weeks':
			return { from: addDays(monday, -91), to: addDays(monday, -1) };
		case 'this_month': {
			const first = `${today.slice(0, 7)}-01`;
			const next = new Date(`${first}T00:00:00Z`);
			next.setUTCMonth(next.getUTCMonth() + 1);
			return { from: first, to: addDays(next.toISOString().slice(0, 10), -1) };
		}
		case 'last_month': {
			const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
			first.setUTCMonth(first.getUTCMonth() - 1);
			const from = first.toISOString().slice(0, 10);
			return { from, to: addDays(`${today.slice(0, 7)}-01`, -1) };
		}
	}
}

/** from/to with a preset resolved; an explicit from/to wins over the preset. */
export function resolveWindow(f: Filter, today: string): { from?: string; to?: string } {
	const w: { from?: string; to?: string } = f.preset ? presetWindow(f.preset, today) : {};
	return { from: f.from ?? w.from, to: f.to ?? w.to };
}

/** Today's date in a time zone, 'YYYY-MM-DD'. */
export function todayIn(tz: string, now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// --- SQL ---------------------------------------------------------------------

export interface CompiledFilter {
	/** A boolean SQL expression over `tickets` (alias given), 'TRUE' when the filter is empty. */
	where: string;
	params: Record<string, string>;
	/** Dimensions in the filter that are not allowed here and were left out. */
	ignored: string[];
}

export interface CompileOptions {
	/** Custom columns found in attrs: the only attr.<name> dimensions allowed. */
	attrs?: Iterable<string>;
	/** Today in the workspace zone, for presets. */
	today?: string;
	/** Table alias; default none. */
	alias?: string;
	/** Parameter name prefix, so two filters can share one statement. */
	prefix?: string;
	/** Response-time limits for the derived `sla` dimension; default the seeds'. */
	sla?: SlaMinutes;
	/** The dataset's id (the Filter's `dataset` resolved by the server): tickets of that dataset only. */
	datasetId?: number;
}

/**
 * SQL for one dimension's value, or null when the dimension is not allowed: a
 * canonical column, a derived one, or an attrs value whose key is bound through
 * `bind`. The one place a dimension name becomes SQL.
 */
export function dimensionExpr(dim: string, attrs: ReadonlySet<string>, bind: (v: string) => string, alias = '', sla: SlaMinutes = DEFAULT_SLA): string | null {
	const a = alias ? `${alias}.` : '';
	if ((DIMENSIONS as readonly string[]).includes(dim)) return `${a}"${dim}"`;
	if (Object.hasOwn(DERIVED_DIMENSIONS, dim)) return DERIVED_DIMENSIONS[dim as keyof typeof DERIVED_DIMENSIONS](a, sla);
	if (dim.startsWith(ATTR_PREFIX) && attrs.has(dim.slice(ATTR_PREFIX.length)))
		return `json_extract_string(${a}attrs, ${bind(attrPath(dim.slice(ATTR_PREFIX.length)))})`;
	return null;
}

/** The JSON path for an attrs key, as a bound value: $."name" with quotes escaped. */
export function attrPath(name: string): string {
	return `$."${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The ids of a term as typed (English terms are indexed lower-cased) in a dataset's vocabulary. */
function termIds(ds: string, v: string): string {
	return `(SELECT id FROM text_terms WHERE dataset_id = ${ds} AND term IN (${v}, lower(${v})) LIMIT 1)`;
}

/** The term ids of the named themes. */
function themeIds(ds: string, names: string[]): string {
	return `(SELECT list(v.id) FROM themes h JOIN text_terms v ON v.dataset_id = h.dataset_id AND list_contains(CAST(h.terms AS VARCHAR[]), v.term)
		WHERE h.dataset_id = ${ds} AND h.name IN (${names.join(', ')}))`;
}

/**
 * term / theme (and their exclusions) as conditions on the ticket, through the term index of
 * its dataset: the bound dataset id when the filter has one, else the ticket's own.
 */
function textConditions(f: Filter, a: string, bind: (v: string) => string, datasetId: number | undefined): string[] {
	const out: string[] = [];
	const terms = f.dims.term?.filter((v) => v !== NULL_VALUE) ?? [];
	const themes = f.dims.theme?.filter((v) => v !== NULL_VALUE) ?? [];
	const notTerms = f.not?.term?.filter((v) => v !== NULL_VALUE) ?? [];
	const notThemes = f.not?.theme?.filter((v) => v !== NULL_VALUE) ?? [];
	if (!terms.length && !themes.length && !notTerms.length && !notThemes.length) return out;
	const outer = a || 'tickets.';
	const ds = datasetId !== undefined ? `CAST(${bind(String(datasetId))} AS INTEGER)` : `${outer}dataset_id`;
	const mentions = (cond: string, negate = false) =>
		datasetId !== undefined
			? `${a}ticket_id ${negate ? 'NOT IN' : 'IN'} (SELECT ticket_id FROM ticket_terms WHERE dataset_id = ${ds} AND ${cond})`
			: `${negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ticket_terms tt WHERE tt.dataset_id = ${ds} AND tt.ticket_id = ${outer}ticket_id AND ${cond})`;
	for (const v of terms) out.push(mentions(`list_contains(term_ids, ${termIds(ds, bind(v))})`));
	if (themes.length) out.push(mentions(`list_has_any(term_ids, ${themeIds(ds, themes.map(bind))})`));
	for (const v of notTerms) out.push(mentions(`list_contains(term_ids, ${termIds(ds, bind(v))})`, true));
	if (notThemes.length) out.push(mentions(`list_has_any(term_ids, ${themeIds(ds, notThemes.map(bind))})`, true));
	return out;
}

export function compileFilter(f: Filter, opts: CompileOptions = {}): CompiledFilter {
	const p = opts.prefix ?? 'f';
	const a = opts.alias ? `${opts.alias}.` : '';
	const params: Record<string, string> = {};
	const parts: string[] = [];
	const ignored: string[] = [];
	let n = 0;
	const bind = (v: string) => {
		const name = `${p}${n++}`;
		params[name] = v;
		return `$${name}`;
	};
	if (opts.datasetId !== undefined) parts.push(`${a}dataset_id = CAST(${bind(String(opts.datasetId))} AS INTEGER)`);
	const { from, to } = resolveWindow(f, opts.today ?? todayIn('Asia/Shanghai'));
	if (from) parts.push(`${a}created_at >= CAST(${bind(from)} AS TIMESTAMP)`);
	if (to) parts.push(`${a}created_at < CAST(${bind(to)} AS TIMESTAMP) + INTERVAL 1 DAY`);
	const attrs = new Set(opts.attrs ?? []);
	const column = (dim: string) => {
		const col = dimensionExpr(dim, attrs, bind, opts.alias, opts.sla);
		if (col === null && !ignored.includes(dim)) ignored.push(dim);
		return col;
	};
	const text = textConditions(f, a, bind, opts.datasetId);
	for (const dim of Object.keys(f.dims).sort()) {
		if ((TEXT_DIMENSIONS as readonly string[]).includes(dim)) continue;
		const col = column(dim);
		if (col === null) continue;
		const values = f.dims[dim].filter((v) => v !== NULL_VALUE);
		const alts: string[] = [];
		if (values.length === 1) alts.push(`${col} = ${bind(values[0])}`);
		else if (values.length > 1) alts.push(`${col} IN (${values.map(bind).join(', ')})`);
		if (f.dims[dim].includes(NULL_VALUE)) alts.push(`${col} IS NULL`);
		if (alts.length) parts.push(alts.length === 1 ? alts[0] : `(${alts.join(' OR ')})`);
	}
	parts.push(...text);
	for (const dim of Object.keys(f.not ?? {}).sort()) {
		if ((TEXT_DIMENSIONS as readonly string[]).includes(dim)) continue;
		const col = column(dim);
		if (col === null) continue;
		const values = f.not![dim].filter((v) => v !== NULL_VALUE);
		const excludesNull = f.not![dim].includes(NULL_VALUE);
		const notIn = values.length === 1 ? `${col} <> ${bind(values[0])}` : values.length > 1 ? `${col} NOT IN (${values.map(bind).join(', ')})` : null;
		// an empty value is not any listed value: keep it unless '(空)' itself is excluded
		if (notIn && excludesNull) parts.push(notIn);
		else if (notIn) parts.push(`(${notIn} OR ${col} IS NULL)`);
		else if (excludesNull) parts.push(`${col} IS NOT NULL`);
	}
	if (f.q) {
		// A literal, case-insensitive substring. DuckDB's ILIKE is ~6× slower than
		// contains() here (measured on 1M tickets), so text without letter case
		// (Chinese, digits) uses contains(), and text with case a regex with the
		// 'i' flag, metacharacters escaped. Either way the text is a bound value.
		if (f.q.toLowerCase() === f.q.toUpperCase()) {
			const w = bind(f.q);
			parts.push(`(contains(${a}subject, ${w}) OR contains(${a}description, ${w}))`);
		} else {
			const re = bind(f.q.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`));
			parts.push(`(regexp_matches(${a}subject, ${re}, 'i') OR regexp_matches(${a}description, ${re}, 'i'))`);
		}
	}
	return { where: parts.length ? parts.join(' AND ') : 'TRUE', params, ignored };
}
