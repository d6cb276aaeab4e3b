// What every analytics query needs: the store, the workspace zone and today in
// it, and the allow-list of dimensions (canonical columns + custom columns found
// in attrs). Requests name dimensions; only allow-listed ones reach SQL.
import type { Store } from '../db';
import { ATTR_PREFIX, DERIVED_DIMENSIONS, DIMENSIONS, compileFilter, dimensionExpr, todayIn, type CompiledFilter, type Filter } from '../../filters';
import { workspaceTz } from '../ingest/importer';
import { parseSla, type SlaMinutes } from '../../sla';
import { datasetFor, getDataset, type Dataset } from '../datasets';
import { NotFound } from '../errors';

export { BadRequest } from '../errors';
import { BadRequest } from '../errors';

export interface Scope {
	store: Store;
	tz: string;
	today: string;
	attrs: string[];
	sla: SlaMinutes;
	/** The dataset every query reads (null only while there is none). */
	dataset: Dataset | null;
	/** Its latest ticket day, 'YYYY-MM-DD' (null without tickets): date presets are anchored on it. */
	latestDay: string | null;
}

interface DatasetFacts {
	attrs: string[];
	latestDay: string | null;
}
const cached = new Map<string, DatasetFacts>();

/** A dataset's custom column names (in attrs) and latest ticket day, cached until the set of imports changes. */
async function datasetFacts(store: Store, datasetId: number): Promise<DatasetFacts> {
	const stamp = await store.one<{ k: string }>(
		"SELECT count(*) || ':' || coalesce(max(coalesce(undone_at, imported_at))::VARCHAR, '') || ':' || coalesce(max(id), 0) AS k FROM imports"
	);
	const key = `${store.path}|${datasetId}|${stamp?.k}`;
	const hit = cached.get(key);
	if (hit) return hit;
	const [rows, last] = await Promise.all([
		store.all<{ k: string }>('SELECT DISTINCT unnest(json_keys(attrs)) AS k FROM tickets WHERE dataset_id = $ds AND attrs IS NOT NULL ORDER BY 1', { ds: datasetId }),
		store.one<{ d: string | null }>("SELECT strftime(max(created_at), '%Y-%m-%d') AS d FROM tickets WHERE dataset_id = $ds", { ds: datasetId })
	]);
	const facts = { attrs: rows.map((r) => r.k), latestDay: last?.d ?? null };
	if (cached.size > 64) cached.clear();
	cached.set(key, facts);
	return facts;
}

let slaCache: SlaMinutes | null = null;
/** CAUSEWAY_SLA, parsed once (a bad value fails loudly at the first request). */
export function slaConfig(): SlaMinutes {
	return (slaCache ??= parseSla(process.env.CAUSEWAY_SLA));
}

/**
 * What queries of one dataset need: the dataset a Filter names (id or name), a
 * case's dataset ({id}), or by default the one most recently imported into.
 * `today` is the dataset's latest ticket day, so "last week" is the last week of
 * its data however long ago the export was made (the calendar day without tickets).
 */
export async function scopeFor(store: Store, dataset?: string | { id: number } | null): Promise<Scope> {
	const tz = workspaceTz();
	let d: Dataset | null;
	if (dataset && typeof dataset === 'object') {
		d = await getDataset(store, dataset.id);
		if (!d) throw new NotFound(`There is no dataset ${dataset.id}.`);
	} else d = await datasetFor(store, dataset);
	const facts = d ? await datasetFacts(store, d.id) : { attrs: [], latestDay: null };
	return { store, tz, today: facts.latestDay ?? todayIn(tz), attrs: facts.attrs, sla: slaConfig(), dataset: d, latestDay: facts.latestDay };
}

/** The Filter as SQL over this scope's dataset: `dataset_id = $…` first, then the Filter. */
export function compile(scope: Scope, f: Filter, prefix = 'f', alias?: string): CompiledFilter {
	return compileFilter(f, { attrs: scope.attrs, today: scope.today, prefix, alias, sla: scope.sla, datasetId: scope.dataset?.id });
}

/** All dimensions a user can pick here. */
export function dimensions(scope: Scope): string[] {
	return [...DIMENSIONS, ...Object.keys(DERIVED_DIMENSIONS), ...scope.attrs.map((a) => ATTR_PREFIX + a)];
}

/**
 * Derived dimensions that group faster on their number than on their label:
 * group by `group`, then write the label once per group (`label`). On 10M
 * tickets the weekday × hour heatmap went from ~700 ms to ~200 ms.
 */
const NUMERIC_GROUPS: Record<string, { group: string; label: (col: string) => string }> = {
	weekday: { group: 'isodow(created_at)', label: (c) => `CAST(${c} AS VARCHAR)` },
	hour: { group: 'hour(created_at)', label: (c) => `lpad(CAST(${c} AS VARCHAR), 2, '0')` }
};

export interface DimensionSql {
	/** The value as a string (NULL when empty). */
	sql: string;
	params: Record<string, string>;
	/** What to GROUP BY (cheaper than `sql` for some derived dimensions) … */
	group: string;
	/** … and the string label of a grouped value. */
	label: (col: string) => string;
}

/** SQL for a dimension's value (NULL shown as '(空)' by callers), with its bound parameter. Refuses names not on the allow-list. */
export function dimensionSql(scope: Scope, dim: string, param = 'dimkey', alias?: string): DimensionSql {
	const params: Record<string, string> = {};
	const sql = dimensionExpr(dim, new Set(scope.attrs), (v) => ((params[param] = v), `$${param}`), alias, scope.sla);
	if (sql === null) throw new BadRequest(`Unknown dimension "${dim}": use one of ${dimensions(scope).slice(0, 24).join(', ')}.`);
	const numeric = alias ? undefined : NUMERIC_GROUPS[dim];
	return numeric ? { sql, params, ...numeric } : { sql, params, group: sql, label: (c) => c };
}

export type Grain = 'day' | 'week' | 'month';

export function parseGrain(v: string | null, fallback: Grain = 'week'): Grain {
	if (v === null || v === '') return fallback;
	if (v === 'day' || v === 'week' || v === 'month') return v;
	throw new BadRequest(`grain is day, week or month, not "${v}".`);
}

/**
 * Group by period cheaply: truncate in the GROUP BY (`periodStart`), format the
 * label once per group outside it (`periodLabel`) — formatting every row was
 * 2.5× slower on 1M tickets. Day and week (its Monday) are YYYY-MM-DD, month YYYY-MM.
 */
export function periodStart(grain: Grain, column = 'created_at'): string {
	return `date_trunc('${grain}', ${column})`;
}

export function periodLabel(grain: Grain, column = 'p'): string {
	return `strftime(${column}, '${grain === 'month' ? '%Y-%m' : '%Y-%m-%d'}')`;
}
