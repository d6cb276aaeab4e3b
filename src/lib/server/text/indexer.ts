// The term index: per ticket, the list of its distinct terms as ids of the
// dataset's vocabulary (`ticket_terms(dataset_id, ticket_id, term_ids)`,
// `text_terms(dataset_id, id, term)`). A list per ticket instead of a row per
// (ticket, term) was 2–3× faster both to write and to count (measured on 10M
// pairs). Tokenizing happens on the import's own connection before the merge
// transaction (it does not hold the write lock); the merge then writes the
// terms of the tickets it inserted or changed. Undo removes the terms of the
// tickets it removes and re-indexes the versions it puts back. A dataset's
// dictionary or stop words changing re-indexes it.
//
// Phrases: an adjacent pair of words becomes a term of the dataset when it is
// frequent — in at least max(5, 0.1 % of the batch's tickets) tickets and in
// at least a quarter of the tickets of its rarer word. Phrases found by a
// later import are added to the older tickets whose text holds them.
import { DuckDBDataChunk, INTEGER, LIST, VARCHAR, listValue, type DuckDBListValue } from '@duckdb/node-api';
import type { Session, Store } from '../db';
import { Tokenizer, joinPair } from './tokenize';

export const MIN_PHRASE_TICKETS = 5;
const PHRASE_SHARE = 0.001;
const PHRASE_ASSOCIATION = 0.25;
/** New phrases one batch may add (the most frequent). */
const MAX_NEW_PHRASES = 2000;
const CHUNK = 2048;
const LIST_OF_IDS = LIST(INTEGER);

export interface TextSettings {
	dictionary: string[];
	stopWords: string[];
	version: number;
}

type Reader = Pick<Session, 'one' | 'all'>;

export async function textSettings(s: Reader, datasetId: number | null): Promise<TextSettings> {
	const row = await s.one<{ dictionary: string[]; stop_words: string[]; version: number }>(
		'SELECT dictionary, stop_words, version FROM text_settings WHERE dataset_id = $d',
		{ d: datasetId }
	);
	return { dictionary: row?.dictionary ?? [], stopWords: row?.stop_words ?? [], version: Number(row?.version ?? 0) };
}

export function tokenizerFor(settings: TextSettings): Tokenizer {
	return new Tokenizer({ dictionary: settings.dictionary, stopWords: settings.stopWords });
}

/** A ticket's text as the index reads it: subject and description, a sentence break between. */
export const TEXT_SQL = (a = '') => `coalesce(CAST(${a}subject AS VARCHAR), '') || ' 。 ' || coalesce(CAST(${a}description AS VARCHAR), '')`;

interface Vocabulary {
	ids: Map<string, number>;
	next: number;
	/** Terms added by this batch, in id order from `first`. */
	added: string[];
	first: number;
}

async function loadVocabulary(s: Reader, datasetId: number | null): Promise<Vocabulary> {
	const rows = await s.all<{ id: number; term: string }>('SELECT id, term FROM text_terms WHERE dataset_id = $d', { d: datasetId });
	const ids = new Map<string, number>();
	let max = -1;
	for (const r of rows) {
		const id = Number(r.id);
		ids.set(r.term, id);
		if (id > max) max = id;
	}
	return { ids, next: max + 1, added: [], first: max + 1 };
}

export interface TokenizeResult {
	tickets: number;
	rows: number;
	newPhrases: number;
}

/**
 * Tokenize the rows of `source` (a query of ticket_id, text) on session `s` into
 * `idx_lists(ticket_id, term_ids)` — one row per ticket, appended from here, no text
 * materialised — `idx_vocab_new(id, term)` (terms new to the dataset) and
 * `idx_new_phrases(phrase, a, b)`.
 */
async function tokenizeSource(s: Session, datasetId: number | null, tokenizer: Tokenizer, known: ReadonlySet<string>, source: string, params: Record<string, string | number> = {}): Promise<TokenizeResult> {
	const t0 = performance.now();
	const vocab = await loadVocabulary(s, datasetId);
	// batch-local ids for every word and pair seen; global ids only for what is kept
	const local = new Map<string, number>();
	const names: string[] = [];
	let df = new Int32Array(1 << 16);
	const pairParts = new Map<number, [number, number]>();
	const localId = (t: string) => {
		let id = local.get(t);
		if (id === undefined) {
			id = names.length;
			local.set(t, id);
			names.push(t);
			if (id >= df.length) df = grow(df);
		}
		return id;
	};
	const ticketIds: string[] = [];
	let starts = new Int32Array(1 << 14);
	let wordEnds = new Int32Array(1 << 14);
	let ids = new Int32Array(1 << 18);
	let n = 0;
	let used = 0;
	const seen = new Set<number>();
	const result = await s.conn.stream(`SELECT ticket_id, text FROM (${source})`, params);
	for (;;) {
		const chunk = await result.fetchChunk();
		if (!chunk || chunk.rowCount === 0) break;
		const cols = chunk.getColumns();
		const idCol = cols[0] as string[];
		const textCol = cols[1] as (string | null)[];
		for (let i = 0; i < chunk.rowCount; i++) {
			const t = tokenizer.tokens(textCol[i]);
			if (n >= starts.length) {
				starts = grow(starts);
				wordEnds = grow(wordEnds);
			}
			if (used + t.words.length + t.pairs.length > ids.length) ids = grow(ids, used + t.words.length + t.pairs.length);
			ticketIds.push(idCol[i]);
			starts[n] = used;
			seen.clear();
			for (const w of t.words) {
				const id = localId(w);
				if (!seen.has(id)) {
					seen.add(id);
					ids[used++] = id;
					df[id]++;
				}
			}
			wordEnds[n] = used;
			for (const p of t.pairs) {
				let id = local.get(p);
				if (id === undefined) {
					id = localId(p);
					pairParts.set(id, partsOf(p, t.words, local));
				}
				if (!seen.has(id)) {
					seen.add(id);
					ids[used++] = id;
					df[id]++;
				}
			}
			n++;
		}
	}
	if (process.env.CAUSEWAY_TRACE_SQL === '1') console.error(`[text] tokenized ${n} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	// which pairs are phrases: known to the dataset, or frequent and associated in this batch
	const minDf = Math.max(MIN_PHRASE_TICKETS, Math.ceil(n * PHRASE_SHARE));
	const global = new Int32Array(names.length).fill(-1);
	const fresh: number[] = [];
	const knownIds: number[] = [];
	for (const [id, [a, b]] of pairParts) {
		if (known.has(names[id])) {
			knownIds.push(id);
			continue;
		}
		if (df[id] >= minDf && a >= 0 && b >= 0 && df[id] >= PHRASE_ASSOCIATION * Math.min(df[a], df[b])) fresh.push(id);
	}
	fresh.sort((x, y) => df[y] - df[x]);
	const accepted = new Set([...fresh.slice(0, MAX_NEW_PHRASES), ...knownIds]);
	const globalId = (localIdx: number) => {
		let g = global[localIdx];
		if (g < 0) {
			const name = names[localIdx];
			g = vocab.ids.get(name) ?? -1;
			if (g < 0) {
				g = vocab.next++;
				vocab.ids.set(name, g);
				vocab.added.push(name);
			}
			global[localIdx] = g;
		}
		return g;
	};

	// one list per ticket (every ticket, an empty list when nothing is kept), appended in chunks
	await s.run('CREATE OR REPLACE TEMP TABLE idx_lists (ticket_id VARCHAR, term_ids INTEGER[])');
	let rows = 0;
	{
		const appender = await s.conn.createAppender('idx_lists', 'main', 'temp');
		for (let from = 0; from < n; from += CHUNK) {
			const to = Math.min(n, from + CHUNK);
			const lists: DuckDBListValue[] = new Array(to - from);
			for (let t = from; t < to; t++) {
				const end = t + 1 < n ? starts[t + 1] : used;
				const out: number[] = [];
				for (let k = starts[t]; k < end; k++) {
					const id = ids[k];
					if (k >= wordEnds[t] && !accepted.has(id)) continue;
					out.push(globalId(id));
				}
				out.sort((x, y) => x - y);
				rows += out.length;
				lists[t - from] = listValue(out);
			}
			const c = DuckDBDataChunk.create([VARCHAR, LIST_OF_IDS], to - from);
			c.setColumnValues(0, ticketIds.slice(from, to));
			c.setColumnValues(1, lists);
			appender.appendDataChunk(c);
		}
		appender.closeSync();
	}
	await s.run('CREATE OR REPLACE TEMP TABLE idx_vocab_new (id INTEGER, term VARCHAR)');
	await appendColumns(s, 'idx_vocab_new', [INTEGER, VARCHAR], vocab.added.length, (from, to) => [range(vocab.first + from, vocab.first + to), vocab.added.slice(from, to)]);
	const np = fresh.slice(0, MAX_NEW_PHRASES);
	await s.run('CREATE OR REPLACE TEMP TABLE idx_new_phrases (phrase VARCHAR, a VARCHAR, b VARCHAR)');
	await appendColumns(s, 'idx_new_phrases', [VARCHAR, VARCHAR, VARCHAR], np.length, (from, to) => {
		const slice = np.slice(from, to);
		return [slice.map((id) => names[id]), slice.map((id) => names[pairParts.get(id)![0]]), slice.map((id) => names[pairParts.get(id)![1]])];
	});
	if (process.env.CAUSEWAY_TRACE_SQL === '1') console.error(`[text] appended ${n} lists, ${rows} terms, at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return { tickets: n, rows, newPhrases: np.length };
}

/** Write what tokenizeSource made into the dataset's tables (in a transaction). */
async function writeIndexed(tx: Session, datasetId: number, replace: boolean, importId: number | null): Promise<void> {
	await tx.run('INSERT INTO text_terms (dataset_id, id, term) SELECT $d, id, term FROM idx_vocab_new', { d: datasetId });
	if (replace) await tx.run('DELETE FROM ticket_terms WHERE dataset_id = $d AND ticket_id IN (SELECT ticket_id FROM idx_lists)', { d: datasetId });
	await tx.run('INSERT INTO ticket_terms (dataset_id, ticket_id, term_ids) SELECT $d, ticket_id, term_ids FROM idx_lists', { d: datasetId });
	await addPhrases(tx, datasetId, importId);
	await tx.run("INSERT INTO text_settings (dataset_id, dictionary, stop_words, version, updated_at) VALUES ($d, '[]', '[]', 0, now()) ON CONFLICT DO NOTHING", { d: datasetId });
	await tx.run(DROP_IDX);
}

const DROP_IDX = ['idx_lists', 'idx_vocab_new', 'idx_new_phrases', 'idx_added'].map((t) => `DROP TABLE IF EXISTS ${t};`).join(' ');

function grow(a: Int32Array<ArrayBuffer>, atLeast = 0): Int32Array<ArrayBuffer> {
	const b = new Int32Array(Math.max(a.length * 2, atLeast * 2));
	b.set(a);
	return b;
}

function range(from: number, to: number): number[] {
	const out = new Array<number>(to - from);
	for (let i = from; i < to; i++) out[i - from] = i;
	return out;
}

/** The word ids a pair was made of (−1 when not found, which never happens for our own pairs). */
function partsOf(pair: string, words: string[], ids: Map<string, number>): [number, number] {
	for (let i = 0; i + 1 < words.length; i++) if (joinPair(words[i], words[i + 1]) === pair) return [ids.get(words[i]) ?? -1, ids.get(words[i + 1]) ?? -1];
	return [-1, -1];
}

async function appendColumns(s: Session, table: string, types: (typeof INTEGER | typeof VARCHAR)[], n: number, slice: (from: number, to: number) => (number | string)[][]) {
	const appender = await s.conn.createAppender(table, 'main', 'temp');
	for (let from = 0; from < n; from += CHUNK) {
		const to = Math.min(n, from + CHUNK);
		const c = DuckDBDataChunk.create(types, to - from);
		slice(from, to).forEach((col, i) => c.setColumnValues(i, col));
		appender.appendDataChunk(c);
	}
	appender.closeSync();
}

export async function knownPhrases(s: Reader, datasetId: number | null): Promise<Set<string>> {
	const rows = await s.all<{ phrase: string }>('SELECT phrase FROM text_phrases WHERE dataset_id = $d', { d: datasetId });
	return new Set(rows.map((r) => r.phrase));
}

/** What the pre-pass depends on: other imports (and undos) and the text settings. */
async function indexStamp(s: Session, ownImport: number): Promise<string> {
	const r = await s.one<{ k: string }>(
		`SELECT (SELECT count(*) || ':' || count(undone_at) FROM imports WHERE id <> $own) || ':' || (SELECT coalesce(sum(version), 0) || ':' || count(*) FROM text_settings) AS k`,
		{ own: ownImport }
	);
	return r!.k;
}

export interface StageIndex {
	datasetId: number | null;
	tickets: number;
	rows: number;
	seconds: number;
	stamp: string;
}

/**
 * Before the merge: tokenize the staged tickets that the merge may write (those not already
 * stored with the same content). On the import's session; no lock held. `datasetId` null:
 * the import will create its dataset.
 */
export async function tokenizeStage(s: Session, datasetId: number | null): Promise<StageIndex> {
	const t0 = performance.now();
	const stamp = (await indexStamp(s, -1)) + `:${datasetId}`;
	const settings = await textSettings(s, datasetId);
	const r = await tokenizeSource(
		s,
		datasetId,
		tokenizerFor(settings),
		await knownPhrases(s, datasetId),
		`SELECT s.ticket_id, ${TEXT_SQL('s.')} AS text FROM stage s
		 WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.dataset_id = $ds AND t.ticket_id = s.ticket_id AND t.row_hash = s.row_hash)`,
		{ ds: datasetId ?? -1 }
	);
	return { tickets: r.tickets, rows: r.rows, seconds: (performance.now() - t0) / 1000, stamp, datasetId };
}

/**
 * Inside the merge transaction, after the tickets are written: the tickets the import wrote
 * get the staged terms. When another import, an undo or a settings change came in between the
 * pre-pass and the lock, the vocabulary may have moved: the import's tickets are tokenized
 * again here instead.
 */
export async function mergeStageTerms(tx: Session, datasetId: number, importId: number, pre: StageIndex, counts: { rowsUpdated: number }): Promise<void> {
	if ((await indexStamp(tx, importId)) + `:${pre.datasetId === null ? null : datasetId}` === pre.stamp) return writeIndexed(tx, datasetId, counts.rowsUpdated > 0, importId);
	await tx.run(DROP_IDX);
	await indexTickets(tx, datasetId, 'SELECT ticket_id FROM tickets WHERE import_id = $id', { id: importId });
}

/** (Re)index the tickets whose ids `idsSql` selects, on a session in a transaction. */
export async function indexTickets(tx: Session, datasetId: number, idsSql: string, params: Record<string, string | number> = {}): Promise<number> {
	const settings = await textSettings(tx, datasetId);
	const r = await tokenizeSource(
		tx,
		datasetId,
		tokenizerFor(settings),
		await knownPhrases(tx, datasetId),
		`SELECT t.ticket_id, ${TEXT_SQL('t.')} AS text FROM tickets t WHERE t.dataset_id = $ds AND t.ticket_id IN (${idsSql})`,
		{ ...params, ds: datasetId }
	);
	await writeIndexed(tx, datasetId, true, null);
	return r.tickets;
}

async function addPhrases(tx: Session, datasetId: number, importId: number | null) {
	await tx.run(
		`CREATE OR REPLACE TEMP TABLE idx_added AS SELECT np.*, v.id FROM idx_new_phrases np JOIN text_terms v ON v.dataset_id = $d AND v.term = np.phrase
		 WHERE NOT EXISTS (SELECT 1 FROM text_phrases p WHERE p.dataset_id = $d AND p.phrase = np.phrase)`,
		{ d: datasetId }
	);
	await tx.run('INSERT INTO text_phrases (dataset_id, phrase, a, b) SELECT $d, phrase, a, b FROM idx_added', { d: datasetId });
	if (importId === null) return;
	const older = await tx.one<{ n: number }>(
		'SELECT (SELECT count(*) FROM idx_added) * (SELECT count(*) FROM (SELECT 1 FROM tickets WHERE dataset_id = $d AND import_id <> $id LIMIT 1)) AS n',
		{ id: importId, d: datasetId }
	);
	if (!Number(older?.n)) return;
	// the older tickets whose text holds the phrase as written (Chinese) or lower-cased with one space (English)
	await tx.run(
		`CREATE OR REPLACE TEMP TABLE idx_backfill AS
		 SELECT t.ticket_id, list(DISTINCT np.id) AS add FROM idx_added np
		 JOIN tickets t ON t.dataset_id = $d AND t.import_id <> $id AND contains(lower(${TEXT_SQL('t.')}), lower(np.phrase))
		 GROUP BY t.ticket_id`,
		{ id: importId, d: datasetId }
	);
	await tx.run(
		`UPDATE ticket_terms tt SET term_ids = list_sort(list_distinct(list_concat(tt.term_ids, b.add)))
		 FROM idx_backfill b WHERE tt.dataset_id = $d AND tt.ticket_id = b.ticket_id`,
		{ d: datasetId }
	);
	await tx.run('DROP TABLE IF EXISTS idx_backfill');
}

/** Undo, before the import's tickets are deleted: their terms go. */
export async function dropImportTerms(tx: Session, importId: number): Promise<void> {
	await tx.run(
		`DELETE FROM ticket_terms tt WHERE tt.dataset_id = (SELECT dataset_id FROM imports WHERE id = $id)
		 AND tt.ticket_id IN (SELECT ticket_id FROM tickets WHERE import_id = $id)`,
		{ id: importId }
	);
}

export interface IndexStats {
	tickets: number;
	rows: number;
	newPhrases: number;
	seconds: number;
}

/** Re-index a whole dataset (its dictionary or stop words changed), phrases found afresh. */
export async function reindexDataset(store: Store, datasetId: number): Promise<IndexStats> {
	const t0 = performance.now();
	return store.scratch((s) =>
		store.transaction(s, async (tx) => {
			await tx.run('DELETE FROM ticket_terms WHERE dataset_id = $d', { d: datasetId });
			await tx.run('DELETE FROM text_phrases WHERE dataset_id = $d', { d: datasetId });
			await tx.run('DELETE FROM text_terms WHERE dataset_id = $d', { d: datasetId });
			const settings = await textSettings(tx, datasetId);
			const r = await tokenizeSource(tx, datasetId, tokenizerFor(settings), new Set(), `SELECT ticket_id, ${TEXT_SQL()} AS text FROM tickets WHERE dataset_id = $d`, { d: datasetId });
			await writeIndexed(tx, datasetId, false, null);
			return { tickets: r.tickets, rows: r.rows, newPhrases: r.newPhrases, seconds: (performance.now() - t0) / 1000 };
		})
	);
}

/** Datasets whose tickets were imported before the index existed: index each once. */
export async function ensureIndexed(store: Store): Promise<IndexStats[]> {
	const rows = await store.all<{ id: number }>(
		'SELECT DISTINCT dataset_id AS id FROM tickets WHERE dataset_id NOT IN (SELECT dataset_id FROM text_settings) ORDER BY 1'
	);
	const out: IndexStats[] = [];
	for (const r of rows) out.push(await reindexDataset(store, Number(r.id)));
	return out;
}
