// New tickets for open cases: tickets that match a case's effect (and each of its
// causes' Filters) and reached the dataset by an import after the case opened —
// "new since the case opened" — and after the user last opened the case page —
// "new since you last looked". A ticket counts as new when its first version came
// in after that time (an export that only updates an old ticket does not make it new).
import { parseFilterQuery, type Filter } from '../../filters';
import type { Store } from '../db';
import { compile, scopeFor } from '../analytics/scope';
import { workspaceTz } from '../ingest/importer';
import { both } from '../rca/analysis';

const OPEN_STATES = ['new', 'analysing', 'fixing'];

export interface CaseNews {
	sinceOpened: number;
	sinceLooked: number;
	/** when the user last looked (null: never) */
	lookedAt: string | null;
	causes: Record<number, { sinceOpened: number; sinceLooked: number }>;
}

/** Tickets of the Filter whose first version was imported after `after` (a timestamp, wall clock in CAUSEWAY_TZ). */
async function newSince(store: Store, datasetId: number, f: Filter, after: string): Promise<number> {
	const scope = await scopeFor(store, { id: datasetId });
	const c = compile(scope, { ...f, from: undefined, to: undefined, preset: undefined }, 'f', 't');
	const r = await store.one<{ n: number }>(
		`SELECT count(*) AS n FROM tickets t JOIN imports i ON i.id = t.import_id
		 WHERE ${c.where} AND i.imported_at > $after::TIMESTAMP
		   AND NOT EXISTS (SELECT 1 FROM ticket_history h JOIN imports hi ON hi.id = h.import_id
			 WHERE h.dataset_id = t.dataset_id AND h.ticket_id = t.ticket_id AND hi.imported_at <= $after::TIMESTAMP)`,
		{ ...c.params, after }
	);
	return Number(r?.n ?? 0);
}

export async function lastLooked(store: Store, caseId: number, user: string): Promise<string | null> {
	const r = await store.one<{ seen_at: string }>('SELECT seen_at FROM case_views WHERE case_id = $id AND user_name = $user', { id: caseId, user });
	return r ? String(r.seen_at) : null;
}

export async function markLooked(store: Store, caseId: number, user: string): Promise<void> {
	await store.write((s) => s.run('INSERT OR REPLACE INTO case_views (case_id, user_name, seen_at) VALUES ($id, $user, timezone($tz, now()))', { id: caseId, user, tz: workspaceTz() }));
}

interface CaseLike {
	id: number;
	datasetId: number;
	effect: string;
	state: string;
	createdAt: string;
	causes?: { id: number; filter: string | null }[];
}

/** The news of one open case for one user (null for a resolved or closed case). */
export async function caseNews(store: Store, c: CaseLike, user: string | null): Promise<CaseNews | null> {
	if (!OPEN_STATES.includes(c.state)) return null;
	const effect = parseFilterQuery(c.effect);
	const opened = c.createdAt.replace('T', ' ');
	const looked = user ? await lastLooked(store, c.id, user) : null;
	const since = looked && looked > opened ? looked.replace('T', ' ') : opened;
	const out: CaseNews = { sinceOpened: await newSince(store, c.datasetId, effect, opened), sinceLooked: 0, lookedAt: looked, causes: {} };
	out.sinceLooked = since === opened ? out.sinceOpened : await newSince(store, c.datasetId, effect, since);
	for (const x of (c.causes ?? []).filter((x) => x.filter)) {
		const f = both(effect, parseFilterQuery(x.filter!));
		const a = await newSince(store, c.datasetId, f, opened);
		out.causes[x.id] = { sinceOpened: a, sinceLooked: since === opened ? a : await newSince(store, c.datasetId, f, since) };
	}
	return out;
}
