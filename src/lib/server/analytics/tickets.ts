// The tickets behind any bar, point, cell or tile: paged, sortable, and as a
// formula-safe CSV of everything the filter selects.
import type { Filter } from '../../filters';
import { csvCell } from '../csv';
import { BadRequest, compile, type Scope } from './scope';

export const SORTABLE = ['created_at', 'resolved_at', 'ticket_id', 'priority', 'status', 'category', 'subcategory', 'channel', 'error_code', 'team', 'satisfaction'] as const;
const LIST_COLUMNS = ['ticket_id', 'created_at', 'first_response_at', 'resolved_at', 'channel', 'category', 'subcategory', 'priority', 'status', 'emotion', 'error_code', 'product', 'region', 'assignee', 'team', 'customer_ref', 'contact_last4', 'subject', 'description', 'resolution', 'satisfaction', 'attrs', 'import_id', 'source_line'];
export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** Past this page a list is not browsed but exported (tickets.csv); it keeps OFFSET a safe integer. */
export const MAX_PAGE = 1_000_000;

/** `page` / `pageSize` from a query string: whole numbers in range, else a 400 that says so. */
export function parsePaging(page: string | null, pageSize: string | null): { page: number; pageSize: number } {
	const whole = (v: string | null, name: string, dflt: number, max: number) => {
		if (v === null || v === '') return dflt;
		const n = /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : NaN;
		if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new BadRequest(`${name} is a whole number from 1 to ${max.toLocaleString('en')}, not "${v.slice(0, 40)}".`);
		return n;
	};
	return { page: whole(page, 'page', 1, MAX_PAGE), pageSize: whole(pageSize, 'pageSize', PAGE_SIZE, MAX_PAGE_SIZE) };
}

export interface TicketPage {
	total: number;
	page: number;
	pageSize: number;
	sort: string;
	rows: Record<string, unknown>[];
}

/** sort=created_at or sort=-created_at (descending); default newest first. */
export function parseSort(v: string | null): { column: string; desc: boolean } {
	const raw = v || '-created_at';
	const desc = raw.startsWith('-');
	const column = desc ? raw.slice(1) : raw;
	if (!(SORTABLE as readonly string[]).includes(column)) throw new BadRequest(`sort is one of ${SORTABLE.join(', ')} (prefix - for descending), not "${raw}".`);
	return { column, desc };
}

export async function listTickets(scope: Scope, f: Filter, page = 1, sort: string | null = null, pageSize = PAGE_SIZE): Promise<TicketPage> {
	const s = parseSort(sort);
	const c = compile(scope, f);
	const p = Math.min(MAX_PAGE, Math.max(1, Math.floor(page) || 1));
	const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize) || PAGE_SIZE));
	const order = `ORDER BY "${s.column}" ${s.desc ? 'DESC' : 'ASC'} NULLS LAST, ticket_id`;
	const [total, rows] = await Promise.all([
		scope.store.one<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE ${c.where}`, c.params),
		// sort and page on the row ids only, then read the page's wide rows: a deep
		// page over 10M tickets went from seconds to a tenth of that
		scope.store.all(
			`SELECT ${LIST_COLUMNS.join(', ')} FROM tickets
			 WHERE rowid IN (SELECT rowid FROM tickets WHERE ${c.where} ${order} LIMIT $page_size OFFSET $page_offset)
			 ${order}`,
			{ ...c.params, page_size: size, page_offset: (p - 1) * size }
		)
	]);
	return { total: Number(total?.n ?? 0), page: p, pageSize: size, sort: `${s.desc ? '-' : ''}${s.column}`, rows };
}

const CSV_COLUMNS = LIST_COLUMNS.filter((c) => c !== 'attrs');

/** The filtered tickets as CSV lines (header first), streamed in pages so a large export never sits in memory. */
export async function* ticketsCsv(scope: Scope, f: Filter, sort: string | null = null): AsyncGenerator<string> {
	const s = parseSort(sort);
	const c = compile(scope, f);
	const header = [...CSV_COLUMNS, ...scope.attrs];
	yield '\ufeff' + header.map(csvCell).join(',') + '\r\n';
	const batch = 5000;
	for (let offset = 0; ; offset += batch) {
		const rows = await scope.store.all(
			`SELECT ${LIST_COLUMNS.join(', ')} FROM tickets WHERE ${c.where}
			 ORDER BY "${s.column}" ${s.desc ? 'DESC' : 'ASC'} NULLS LAST, ticket_id LIMIT $batch OFFSET $batch_offset`,
			{ ...c.params, batch, batch_offset: offset }
		);
		if (rows.length === 0) return;
		yield rows
			.map((r) => {
				const attrs = (r.attrs ?? {}) as Record<string, unknown>;
				return [...CSV_COLUMNS.map((k) => r[k]), ...scope.attrs.map((a) => attrs[a])].map(csvCell).join(',') + '\r\n';
			})
			.join('');
		if (rows.length < batch) return;
	}
}
