// Themes: a named set of terms per dataset (退款慢 = 退款 + 没到账 + 迟迟). A
// ticket is in a theme when it mentions any of its terms; `theme=<name>` is a
// Filter dimension value (src/lib/filters.ts). Candidate themes come from terms
// that occur together: Jaccard similarity of the tickets mentioning two terms,
// pairs at ≥ 0.3 joined by single linkage (union–find) among the 60 most frequent
// terms, a phrase never paired with its own words.
import type { Session, Store } from '../db';
import { BadRequest, NotFound } from '../errors';
import { reindexDataset, textSettings } from './indexer';

export interface Theme {
	id: number;
	name: string;
	terms: string[];
	version: number;
}

const MAX_THEME_TERMS = 50;
const MAX_WORDS = 500;

function cleanList(v: unknown, what: string, max: number): string[] {
	const raw = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,，、]+/) : null;
	if (!raw) throw new BadRequest(`${what} is a list of words.`);
	const out = [...new Set(raw.map((x) => String(x).trim()).filter((x) => x.length > 0 && x.length <= 40 && !/[\u0000-\u001f]/.test(x)))];
	if (out.length > max) throw new BadRequest(`${what}: at most ${max} words.`);
	return out;
}

export function cleanThemeName(v: unknown): string {
	const name = typeof v === 'string' ? v.trim() : '';
	if (!name || name.length > 60 || /[\u0000-\u001f]/.test(name)) throw new BadRequest('A theme name is 1 to 60 characters.');
	return name;
}

export async function listThemes(db: Pick<Session, 'all'> | Store, datasetId: number): Promise<(Theme & { tickets: number })[]> {
	const rows = await db.all<{ id: number; name: string; terms: string[]; version: number; tickets: number }>(
		`SELECT h.id, h.name, h.terms, h.version,
			(SELECT count(*) FROM ticket_terms tt WHERE tt.dataset_id = h.dataset_id AND list_has_any(tt.term_ids,
				(SELECT list(v.id) FROM text_terms v WHERE v.dataset_id = h.dataset_id AND list_contains(CAST(h.terms AS VARCHAR[]), v.term)))) AS tickets
		 FROM themes h WHERE h.dataset_id = $d ORDER BY h.name`,
		{ d: datasetId }
	);
	return rows.map((r) => ({ id: Number(r.id), name: r.name, terms: r.terms, version: Number(r.version), tickets: Number(r.tickets) }));
}

/** Create a theme, or replace the terms of the theme with that name. */
export async function saveTheme(store: Store, datasetId: number, body: { name?: unknown; terms?: unknown }): Promise<Theme> {
	const name = cleanThemeName(body.name);
	const terms = cleanList(body.terms, 'terms', MAX_THEME_TERMS);
	if (!terms.length) throw new BadRequest('A theme needs at least one term.');
	return store.write(async (s) => {
		await s.run(
			`INSERT INTO themes (dataset_id, name, terms, version, created_at, updated_at) VALUES ($d, $name, $terms::JSON, 1, now(), now())
			 ON CONFLICT (dataset_id, name) DO UPDATE SET terms = excluded.terms, version = themes.version + 1, updated_at = now()`,
			{ d: datasetId, name, terms: JSON.stringify(terms) }
		);
		const r = await s.one<{ id: number; version: number }>('SELECT id, version FROM themes WHERE dataset_id = $d AND name = $name', { d: datasetId, name });
		return { id: Number(r!.id), name, terms, version: Number(r!.version) };
	});
}

export async function deleteTheme(store: Store, datasetId: number, id: number): Promise<void> {
	const n = await store.write((s) => s.run('DELETE FROM themes WHERE dataset_id = $d AND id = $id', { d: datasetId, id }));
	if (!n) throw new NotFound(`There is no theme ${id} in this dataset.`);
}

/** Change a dataset's dictionary and stop words, then re-index it. */
export async function saveTextSettings(store: Store, datasetId: number, body: { dictionary?: unknown; stopWords?: unknown }) {
	const dictionary = cleanList(body.dictionary ?? [], 'dictionary', MAX_WORDS);
	const stopWords = cleanList(body.stopWords ?? [], 'stopWords', MAX_WORDS);
	await store.write((s) =>
		s.run(
			`INSERT INTO text_settings (dataset_id, dictionary, stop_words, version, updated_at) VALUES ($d, $dict::JSON, $stop::JSON, 1, now())
			 ON CONFLICT (dataset_id) DO UPDATE SET dictionary = excluded.dictionary, stop_words = excluded.stop_words, version = text_settings.version + 1, updated_at = now()`,
			{ d: datasetId, dict: JSON.stringify(dictionary), stop: JSON.stringify(stopWords) }
		)
	);
	const stats = await reindexDataset(store, datasetId);
	return { ...(await textSettings(store, datasetId)), reindexed: stats.tickets, seconds: Math.round(stats.seconds * 10) / 10 };
}

export interface ThemeSuggestion {
	name: string;
	terms: string[];
	tickets: number;
}

const SUGGEST_TERMS = 60;
const JACCARD = 0.3;

/** Candidate themes from co-occurrence among the most frequent terms of the tickets `where` keeps. */
export async function suggestThemes(db: Store, datasetId: number, where: string, params: Record<string, string>): Promise<ThemeSuggestion[]> {
	const tickets = where === 'TRUE' ? '' : ` AND ticket_id IN (SELECT ticket_id FROM tickets WHERE ${where})`;
	const base = `SELECT ticket_id, term_ids FROM ticket_terms WHERE dataset_id = CAST($tds AS INTEGER)${tickets}`;
	const p = { ...params, tds: String(datasetId) };
	const top = await db.all<{ tid: number; term: string; n: number }>(
		`WITH g AS (SELECT tid, count(*) AS n FROM (SELECT unnest(term_ids) AS tid FROM (${base})) GROUP BY tid HAVING count(*) >= 5 ORDER BY n DESC LIMIT ${SUGGEST_TERMS})
		 SELECT g.tid, v.term, g.n FROM g JOIN text_terms v ON v.dataset_id = CAST($tds AS INTEGER) AND v.id = g.tid`,
		p
	);
	if (top.length < 2) return [];
	const ids = top.map((r) => Number(r.tid));
	const pairs = await db.all<{ a: number; b: number; n: number }>(
		`WITH l AS (SELECT ticket_id, list_intersect(term_ids, CAST($top AS INTEGER[])) AS ids FROM (${base})),
		 x AS (SELECT ticket_id, unnest(ids) AS tid FROM l WHERE len(ids) > 1)
		 SELECT a.tid AS a, b.tid AS b, count(*) AS n FROM x a JOIN x b ON a.ticket_id = b.ticket_id AND a.tid < b.tid GROUP BY 1, 2`,
		{ ...p, top: JSON.stringify(ids) }
	);
	const info = new Map(top.map((r) => [Number(r.tid), { term: r.term, n: Number(r.n) }]));
	const parent = new Map(ids.map((id) => [id, id]));
	const find = (x: number): number => (parent.get(x) === x ? x : (parent.set(x, find(parent.get(x)!)), parent.get(x)!));
	for (const e of pairs) {
		const a = info.get(Number(e.a))!;
		const b = info.get(Number(e.b))!;
		if (a.term.includes(b.term) || b.term.includes(a.term)) continue;
		const jac = Number(e.n) / (a.n + b.n - Number(e.n));
		if (jac >= JACCARD) parent.set(find(Number(e.a)), find(Number(e.b)));
	}
	const groups = new Map<number, number[]>();
	for (const id of ids) {
		const r = find(id);
		groups.set(r, [...(groups.get(r) ?? []), id]);
	}
	return [...groups.values()]
		.filter((g) => g.length >= 2 && g.length <= 8)
		.map((g) => {
			g.sort((x, y) => info.get(y)!.n - info.get(x)!.n);
			return { name: info.get(g[0])!.term, terms: g.map((id) => info.get(id)!.term), tickets: info.get(g[0])!.n };
		})
		.sort((a, b) => b.tickets - a.tickets)
		.slice(0, 12);
}
