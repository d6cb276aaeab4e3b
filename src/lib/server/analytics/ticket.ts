// One ticket in full: every column and custom column, its earlier versions
// (ticket_history: the version each later import replaced), and the cases,
// causes and whys it is pinned to as evidence.
import { NotFound } from '../errors';
import type { Scope } from './scope';

const FIELDS = ['ticket_id', 'created_at', 'first_response_at', 'resolved_at', 'channel', 'category', 'subcategory', 'priority', 'priority_raw', 'status', 'status_raw', 'emotion', 'error_code', 'product', 'region', 'segment', 'assignee', 'team', 'customer_ref', 'contact_last4', 'subject', 'description', 'resolution', 'satisfaction', 'attrs', 'import_id', 'source_line'];
/** What a version of a ticket is compared on (the rest is provenance). */
const COMPARED = FIELDS.filter((f) => !['ticket_id', 'import_id', 'source_line'].includes(f));

type Row = Record<string, unknown>;

/** The fields whose value differs between two versions of a ticket. Pure. */
export function changedFields(older: Row, newer: Row): string[] {
	const norm = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
	return COMPARED.filter((f) => norm(older[f]) !== norm(newer[f]));
}

function parseAttrs(v: unknown): Record<string, string> {
	if (v === null || v === undefined) return {};
	try {
		const o = typeof v === 'string' ? JSON.parse(v) : v;
		return o && typeof o === 'object' ? Object.fromEntries(Object.entries(o as Row).map(([k, x]) => [k, x === null ? '' : String(x)])) : {};
	} catch {
		return {};
	}
}

export async function ticketDetail(scope: Scope, ticketId: string) {
	const cols = FIELDS.join(', ');
	// ticket ids are unique within a dataset: the page's dataset decides which ticket this is
	const ds = scope.dataset?.id ?? -1;
	const current = await scope.store.one<Row>(`SELECT ${cols} FROM tickets WHERE dataset_id = $ds AND ticket_id = $id LIMIT 1`, { id: ticketId, ds });
	if (!current) throw new NotFound(`There is no ticket ${ticketId}.`, { key: 'ticket.missing', params: { id: ticketId } });
	const [history, imports, pins] = await Promise.all([
		scope.store.all<Row>(`SELECT replaced_by, ${cols} FROM ticket_history WHERE dataset_id = $ds AND ticket_id = $id ORDER BY replaced_by`, { id: ticketId, ds }),
		scope.store.all<{ id: number; file_name: string; imported_at: string }>(
			`SELECT id, file_name, strftime(imported_at, '%Y-%m-%d %H:%M') AS imported_at FROM imports WHERE dataset_id = $ds AND id IN (SELECT import_id FROM tickets WHERE ticket_id = $id UNION SELECT import_id FROM ticket_history WHERE ticket_id = $id UNION SELECT replaced_by FROM ticket_history WHERE ticket_id = $id)`,
			{ id: ticketId, ds }
		),
		scope.store.all<Row>(
			`SELECT p.id, p.case_id, c.title AS case_title, p.cause_id, cs.text AS cause_text, p.why_id, w.text AS why_text, p.note
			 FROM pins p JOIN cases c ON c.id = p.case_id LEFT JOIN causes cs ON cs.id = p.cause_id LEFT JOIN whys w ON w.id = p.why_id
			 WHERE c.dataset_id = $ds AND p.ticket_id = $id ORDER BY p.id`,
			{ id: ticketId, ds }
		)
	]);
	const file = new Map(imports.map((i) => [Number(i.id), { file: i.file_name, at: i.imported_at }]));
	// versions oldest first, the current one last; each says what the next import changed
	const versions = [...history, current];
	const out = versions.map((v, i) => {
		const importId = Number(v.import_id);
		const next = versions[i + 1];
		return {
			importId,
			file: file.get(importId)?.file ?? null,
			at: file.get(importId)?.at ?? null,
			sourceLine: v.source_line === null ? null : Number(v.source_line),
			current: i === versions.length - 1,
			changedNext: next ? changedFields(v, next) : [],
			values: Object.fromEntries(COMPARED.filter((f) => f !== 'attrs').map((f) => [f, v[f] ?? null]))
		};
	});
	return {
		ticket: { ...current, attrs: parseAttrs(current.attrs) },
		versions: out,
		pins: pins.map((p) => ({
			id: Number(p.id),
			caseId: Number(p.case_id),
			caseTitle: String(p.case_title),
			causeId: p.cause_id === null ? null : Number(p.cause_id),
			causeText: (p.cause_text as string) ?? null,
			whyId: p.why_id === null ? null : Number(p.why_id),
			whyText: (p.why_text as string) ?? null,
			note: (p.note as string) ?? null
		}))
	};
}
