// Step three: the staged tickets go into `tickets` in one transaction with the
// import record and its rejects. A changed ticket's previous version goes to
// ticket_history so that undoing this import can put it back.
import type { Session } from '../db';
import { list } from '../db/identifiers';
import type { Reject } from './stage';

export const TICKET_COLUMNS = [
	'ticket_id', 'created_at', 'first_response_at', 'resolved_at', 'channel', 'category', 'subcategory',
	'priority', 'priority_raw', 'status', 'status_raw', 'emotion', 'error_code', 'product', 'region',
	'segment', 'assignee', 'team', 'customer_ref', 'contact_last4', 'subject', 'description', 'resolution',
	'satisfaction', 'attrs', 'import_id', 'source_line', 'row_hash', 'dataset_id', 'events', 'reopened'
] as const;

const COLS = TICKET_COLUMNS.join(', ');

export interface ImportRecord {
	/** the dataset the tickets go into: tickets are keyed by (dataset_id, ticket_id) */
	datasetId: number;
	fileName: string;
	/** the file's headers, in order (a later export is matched to this dataset by them) */
	headers: string[];
	sha256: string;
	bytes: number;
	encoding: string;
	delimiter: string;
	mapping: object;
	dateFormats: object;
	rowsRead: number;
	rowsRejected: number;
	rowsCollapsed: number;
	summary: object;
	tz: string;
}

export interface MergeCounts {
	importId: number;
	rowsInserted: number;
	rowsUpdated: number;
	rowsUnchanged: number;
}

/** Must run inside a transaction on the session that holds the temp table `stage`. */
export async function mergeStage(s: Session, rec: ImportRecord, rejects: Reject[]): Promise<MergeCounts> {
	const row = await s.one<{ id: number }>(
		`INSERT INTO imports (dataset_id, file_name, sha256, bytes, encoding, delimiter, mapping, date_formats, rows_read,
			rows_inserted, rows_updated, rows_unchanged, rows_rejected, rows_collapsed, status, summary, imported_at, headers)
		 VALUES ($ds, $file, $sha, $bytes, $enc, $delim, $mapping::JSON, $dates::JSON, $read, 0, 0, 0, $rejected, $collapsed,
			'importing', $summary::JSON, timezone($tz, now()), $headers::JSON)
		 RETURNING id`,
		{
			ds: rec.datasetId,
			headers: JSON.stringify(rec.headers),
			file: rec.fileName,
			sha: rec.sha256,
			bytes: rec.bytes,
			enc: rec.encoding,
			delim: rec.delimiter,
			mapping: JSON.stringify(rec.mapping),
			dates: JSON.stringify(rec.dateFormats),
			read: rec.rowsRead,
			rejected: rec.rowsRejected,
			collapsed: rec.rowsCollapsed,
			summary: JSON.stringify(rec.summary),
			tz: rec.tz
		}
	);
	const importId = Number(row!.id);
	await s.run(
		`CREATE OR REPLACE TEMP TABLE changed AS
		 SELECT s.ticket_id FROM stage s JOIN tickets t ON t.dataset_id = $ds AND t.ticket_id = s.ticket_id WHERE t.row_hash <> s.row_hash`,
		{ ds: rec.datasetId }
	);
	const rowsUpdated = await s.run(
		`INSERT INTO ticket_history (replaced_by, ${COLS}) SELECT $id, ${COLS.replace(/(\w+)/g, 't.$1')}
		 FROM tickets t SEMI JOIN changed c ON c.ticket_id = t.ticket_id WHERE t.dataset_id = $ds`,
		{ id: importId, ds: rec.datasetId }
	);
	await s.run('DELETE FROM tickets WHERE dataset_id = $ds AND ticket_id IN (SELECT ticket_id FROM changed)', { ds: rec.datasetId });
	const written = await s.run(
		`INSERT INTO tickets (${COLS})
		 SELECT ${TICKET_COLUMNS.map((c) => (c === 'import_id' ? '$id' : c === 'dataset_id' ? '$ds' : `s.${c}`)).join(', ')}
		 FROM stage s ANTI JOIN (SELECT ticket_id FROM tickets WHERE dataset_id = $ds) t ON t.ticket_id = s.ticket_id`,
		{ id: importId, ds: rec.datasetId }
	);
	const staged = Number((await s.one<{ n: number }>('SELECT count(*) AS n FROM stage'))!.n);
	if (rejects.length) {
		await s.run(
			`INSERT INTO import_rejects (import_id, line, reason, raw)
			 SELECT $id, unnest(${list('line', 'INTEGER')}), unnest(${list('reason', 'VARCHAR')}), unnest(${list('raw', 'VARCHAR')})`,
			{
				id: importId,
				line: JSON.stringify(rejects.map((r) => r.line)),
				reason: JSON.stringify(rejects.map((r) => r.reason)),
				raw: JSON.stringify(rejects.map((r) => r.raw))
			}
		);
	}
	const counts = { importId, rowsInserted: written - rowsUpdated, rowsUpdated, rowsUnchanged: staged - written };
	await s.run(
		`UPDATE imports SET status = 'done', rows_inserted = $i, rows_updated = $u, rows_unchanged = $n WHERE id = $id`,
		{ id: importId, i: counts.rowsInserted, u: counts.rowsUpdated, n: counts.rowsUnchanged }
	);
	return counts;
}


/**
 * Undo an import: the tickets it last touched revert to the version it replaced,
 * or go when it created them. Tickets a later import touched stay as they are.
 */
export async function undoImport(s: Session, importId: number, tz: string): Promise<{ removed: number; restored: number }> {
	const imp = await s.one<{ status: string }>('SELECT status FROM imports WHERE id = $id', { id: importId });
	if (!imp) throw new NotFoundError(`There is no import ${importId}.`);
	if (imp.status === 'undone') throw new NotFoundError(`Import ${importId} was already undone.`);
	const touched = await s.run('DELETE FROM tickets WHERE import_id = $id', { id: importId });
	const restored = await s.run(
		`INSERT INTO tickets (${COLS}) SELECT ${COLS} FROM ticket_history h
		 WHERE h.replaced_by = $id AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.dataset_id = h.dataset_id AND t.ticket_id = h.ticket_id)`,
		{ id: importId }
	);
	await s.run('DELETE FROM ticket_history WHERE replaced_by = $id', { id: importId });
	await s.run(`UPDATE imports SET status = 'undone', undone_at = timezone($tz, now()) WHERE id = $id`, { id: importId, tz });
	return { removed: touched - restored, restored };
}

export class NotFoundError extends Error {
	readonly notFound = true;
}
