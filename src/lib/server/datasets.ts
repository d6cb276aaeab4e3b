// Datasets: the stream of exports of one source system. Ticket ids are unique
// within a dataset (tickets are keyed by (dataset_id, ticket_id)), never across.
// Every import goes into one; every view, case and export reads one.
import type { Session, Store } from './db';
import { cleanDatasetName, datasetNameFromFile, languageOf, matchDataset, uniqueName, type DatasetHeaders, type DatasetMatch } from '../ingest/datasets';
import { BadRequest, Conflict, NotFound } from './errors';

export interface Dataset {
	id: number;
	name: string;
	language: 'zh' | 'en';
	sample: boolean;
}

export interface DatasetRow extends Dataset {
	tickets: number;
	/** first and last day of its tickets' creation times, 'YYYY-MM-DD' */
	from: string | null;
	to: string | null;
	imports: number;
	lastImportAt: string | null;
	createdAt: string;
}

/** How an import's dataset was decided. */
export type DatasetChoice =
	| { how: 'chosen'; id: number; name: string }
	| { how: 'matched'; id: number; name: string; match: DatasetMatch }
	| { how: 'new'; name: string; language: 'zh' | 'en'; requested: boolean };

type Reader = Pick<Session, 'all' | 'one'>;

const DATASET_COLUMNS = 'id, name, language, sample';

function toDataset(r: Record<string, unknown>): Dataset {
	return { id: Number(r.id), name: String(r.name), language: r.language === 'en' ? 'en' : 'zh', sample: Boolean(r.sample) };
}

/**
 * A dataset by name or id, as written in a URL (`dataset=示例数据`, `dataset=2`):
 * digits are an id, anything else a name (names cannot be only digits).
 */
export async function findDataset(db: Reader, ref: string | number): Promise<Dataset | null> {
	const text = String(ref).trim();
	if (!text) return null;
	// digits are an id (names cannot be only digits; one from before that rule is still found by name)
	if (/^\d{1,9}$/.test(text)) {
		const byId = await db.one(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE id = $id`, { id: Number(text) });
		if (byId) return toDataset(byId);
	}
	const byName = await db.one(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE name = $name`, { name: text });
	return byName ? toDataset(byName) : null;
}

/** The dataset most recently imported into (an undone import does not count), else the newest dataset; null when there is none. */
export async function defaultDataset(db: Reader): Promise<Dataset | null> {
	const r = await db.one(
		`SELECT ${DATASET_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')} FROM datasets d
		 ORDER BY (SELECT max(i.id) FROM imports i WHERE i.dataset_id = d.id AND i.status = 'done') DESC NULLS LAST, d.id DESC LIMIT 1`
	);
	return r ? toDataset(r) : null;
}

/** The dataset a Filter names, or the default; NotFound when it names none. */
export async function datasetFor(db: Reader, ref: string | null | undefined): Promise<Dataset | null> {
	if (ref === null || ref === undefined || ref === '') return defaultDataset(db);
	const d = await findDataset(db, ref);
	if (!d) throw new NotFound(`There is no dataset "${String(ref).slice(0, 100)}".`);
	return d;
}

export async function getDataset(db: Reader, id: number): Promise<Dataset | null> {
	const r = await db.one(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE id = $id`, { id });
	return r ? toDataset(r) : null;
}

/** Each dataset with the headers of its last import, most recently imported first. */
export async function datasetHeaders(db: Reader): Promise<DatasetHeaders[]> {
	const rows = await db.all<{ id: number; name: string; headers: string | null; file_name: string | null }>(
		`SELECT d.id, d.name, i.headers::VARCHAR AS headers, i.file_name FROM datasets d
		 LEFT JOIN (SELECT dataset_id, headers, file_name, id FROM imports WHERE status = 'done'
			QUALIFY row_number() OVER (PARTITION BY dataset_id ORDER BY id DESC) = 1) i ON i.dataset_id = d.id
		 ORDER BY i.id DESC NULLS LAST, d.id DESC`
	);
	return rows.map((r) => ({ id: Number(r.id), name: r.name, headers: parseHeaders(r.headers), lastFile: r.file_name }));
}

function parseHeaders(json: string | null): string[] {
	if (!json) return [];
	try {
		const v = JSON.parse(json);
		return Array.isArray(v) ? v.map(String) : [];
	} catch {
		return [];
	}
}

/** The dataset an export would go into when the user does not choose: the matching one, else null (a new one). */
export async function suggestDataset(db: Reader, headers: string[]): Promise<DatasetMatch | null> {
	return matchDataset(headers, await datasetHeaders(db));
}

/**
 * Decide an import's dataset (before staging, outside the transaction): the one
 * the user named (created when missing), else the one whose last import has the
 * same columns, else a new one named after the file.
 */
export async function chooseDataset(db: Reader, requested: string | null | undefined, headers: string[], fileName: string): Promise<DatasetChoice> {
	if (requested !== null && requested !== undefined && requested.trim() !== '') {
		const found = await findDataset(db, requested);
		if (found) return { how: 'chosen', id: found.id, name: found.name };
		const name = cleanDatasetName(requested);
		if (!name) throw new BadRequest('A dataset name is 1 to 100 characters, without control characters, and not only digits (those are dataset ids).');
		return { how: 'new', name, language: languageOf(headers), requested: true };
	}
	const match = await suggestDataset(db, headers);
	if (match) return { how: 'matched', id: match.id, name: match.name, match };
	const taken = (await db.all<{ name: string }>('SELECT name FROM datasets')).map((r) => r.name);
	return { how: 'new', name: uniqueName(datasetNameFromFile(fileName), taken), language: languageOf(headers), requested: false };
}

/** Inside the import's transaction: the chosen dataset's id, creating a new one. */
export async function ensureDataset(s: Session, choice: DatasetChoice, tz: string, sample = false): Promise<{ id: number; name: string }> {
	if (choice.how !== 'new') {
		if (!(await getDataset(s, choice.id))) throw new Conflict(`The dataset "${choice.name}" was deleted during the import.`, null);
		return { id: choice.id, name: choice.name };
	}
	const existing = await findDataset(s, choice.name);
	if (existing && choice.requested) return { id: existing.id, name: existing.name };
	const taken = (await s.all<{ name: string }>('SELECT name FROM datasets')).map((r) => r.name);
	const name = choice.requested ? choice.name : uniqueName(choice.name, taken);
	const row = await s.one<{ id: number }>(
		`INSERT INTO datasets (name, language, sample, created_at) VALUES ($name, $lang, $sample, timezone($tz, now())) RETURNING id`,
		{ name, lang: choice.language, sample, tz }
	);
	return { id: Number(row!.id), name };
}

/** Every dataset with its size, span and imports, most recently imported first. */
export async function listDatasets(db: Reader): Promise<DatasetRow[]> {
	const rows = await db.all(
		`WITH t AS (SELECT dataset_id, count(*) AS n, min(created_at) AS lo, max(created_at) AS hi FROM tickets GROUP BY 1),
		 i AS (SELECT dataset_id, count(*) FILTER (WHERE status = 'done') AS n, max(id) FILTER (WHERE status = 'done') AS last_id,
				max(imported_at) FILTER (WHERE status = 'done') AS last_at FROM imports GROUP BY 1)
		 SELECT d.id, d.name, d.language, d.sample, strftime(d.created_at, '%Y-%m-%dT%H:%M:%S') AS created_at,
			coalesce(t.n, 0) AS tickets, strftime(t.lo, '%Y-%m-%d') AS lo, strftime(t.hi, '%Y-%m-%d') AS hi,
			coalesce(i.n, 0) AS imports, strftime(i.last_at, '%Y-%m-%dT%H:%M:%S') AS last_at
		 FROM datasets d LEFT JOIN t ON t.dataset_id = d.id LEFT JOIN i ON i.dataset_id = d.id
		 ORDER BY i.last_id DESC NULLS LAST, d.id DESC`
	);
	return rows.map((r) => ({
		...toDataset(r),
		tickets: Number(r.tickets),
		from: (r.lo as string | null) ?? null,
		to: (r.hi as string | null) ?? null,
		imports: Number(r.imports),
		lastImportAt: (r.last_at as string | null) ?? null,
		createdAt: String(r.created_at)
	}));
}

export async function renameDataset(store: Store, id: number, newName: string): Promise<Dataset> {
	const name = cleanDatasetName(newName);
	if (!name) throw new BadRequest('A dataset name is 1 to 100 characters, without control characters, and not only digits (those are dataset ids).');
	return store.write(async (s) => {
		const d = await getDataset(s, id);
		if (!d) throw new NotFound(`There is no dataset ${id}.`);
		if (d.name === name) return d;
		const other = await s.one<{ id: number }>('SELECT id FROM datasets WHERE name = $name', { name });
		if (other) throw new Conflict(`There is already a dataset named "${name}".`, null);
		await s.run('UPDATE datasets SET name = $name WHERE id = $id', { id, name });
		return { ...d, name };
	});
}

export interface DeletedDataset {
	id: number;
	name: string;
	tickets: number;
	imports: number;
	cases: number;
}

/** The RCA tables a case owns, each by case_id (ids, not user input). */
const CASE_TABLES = ['pins', 'actions', 'verifications', 'whys', 'causes'] as const;

/**
 * Remove a dataset with its tickets, the versions kept for undo, its imports and
 * their rejects, in one transaction. Refused (Conflict) while cases belong to it,
 * unless `force`: then its cases go too.
 */
export async function deleteDataset(store: Store, id: number, options: { force?: boolean } = {}): Promise<DeletedDataset> {
	return store.write(async (s) => {
		const d = await getDataset(s, id);
		if (!d) throw new NotFound(`There is no dataset ${id}.`);
		const cases = Number((await s.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE dataset_id = $id', { id }))!.n);
		if (cases > 0 && !options.force)
			throw new Conflict(`${cases} case${cases === 1 ? '' : 's'} belong${cases === 1 ? 's' : ''} to the dataset "${d.name}": delete them first, or delete with force to remove them too.`, { cases });
		if (cases > 0) {
			for (const t of CASE_TABLES) await s.run(`DELETE FROM ${t} WHERE case_id IN (SELECT id FROM cases WHERE dataset_id = $id)`, { id });
			await s.run('DELETE FROM cases WHERE dataset_id = $id', { id });
		}
		const tickets = await s.run('DELETE FROM tickets WHERE dataset_id = $id', { id });
		await s.run('DELETE FROM ticket_history WHERE dataset_id = $id', { id });
		for (const t of ['ticket_terms', 'text_terms', 'text_phrases', 'text_settings', 'themes']) await s.run(`DELETE FROM ${t} WHERE dataset_id = $id`, { id });
		await s.run('DELETE FROM import_rejects WHERE import_id IN (SELECT id FROM imports WHERE dataset_id = $id)', { id });
		const imports = await s.run('DELETE FROM imports WHERE dataset_id = $id', { id });
		await s.run('DELETE FROM datasets WHERE id = $id', { id });
		return { id, name: d.name, tickets, imports, cases };
	});
}

/**
 * What the import page shows before an upload: the dataset the file's headers
 * match (and why), else the name of the new dataset it would start.
 */
export async function suggestionFor(db: Reader, body: Record<string, unknown>): Promise<{ match: DatasetMatch | null; newName: string }> {
	const headers = Array.isArray(body.headers) ? body.headers.slice(0, 5000).map((h) => String(h).slice(0, 500)) : null;
	if (!headers) throw new BadRequest('headers is the list of the file’s column names.');
	const fileName = typeof body.fileName === 'string' ? body.fileName : 'import';
	const match = await suggestDataset(db, headers);
	const taken = (await db.all<{ name: string }>('SELECT name FROM datasets')).map((r) => r.name);
	return { match, newName: uniqueName(datasetNameFromFile(fileName), taken) };
}

/** The header's switcher: every dataset's id and name, most recently imported first. */
export async function headerDatasets(db: Reader): Promise<Dataset[]> {
	const rows = await db.all(
		`SELECT ${DATASET_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')} FROM datasets d
		 ORDER BY (SELECT max(i.id) FROM imports i WHERE i.dataset_id = d.id AND i.status = 'done') DESC NULLS LAST, d.id DESC`
	);
	return rows.map(toDataset);
}
