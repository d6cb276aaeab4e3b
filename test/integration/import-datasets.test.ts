// Each real export in ../shared/datasets imports with the expected ticket counts
// and a date range that a direct DuckDB read of the same file agrees with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { importFile, type ImportSummary } from '../../src/lib/server/ingest/importer';
import type { Store } from '../../src/lib/server/db';
import { count, DATASETS, tempStore } from '../helpers/workspace';

let store: Store;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ store, cleanup } = await tempStore()));
afterAll(async () => cleanup());

/** min/max of a date column computed by DuckDB alone, straight from the source file. */
async function directRange(sql: string): Promise<{ lo: string; hi: string }> {
	const c = await (await DuckDBInstance.create(':memory:')).connect();
	const r = await c.runAndReadAll(sql);
	const [lo, hi] = r.getRowsJson()[0] as string[];
	c.closeSync();
	return { lo: lo.replace(' ', 'T'), hi: hi.replace(' ', 'T') };
}

async function ticketRange(importId: number) {
	const r = await store.one<{ lo: string; hi: string; n: number }>(
		'SELECT min(created_at) AS lo, max(created_at) AS hi, count(*) AS n FROM tickets WHERE import_id = $id',
		{ id: importId }
	);
	return r!;
}

describe('real exports', () => {
	it('UCI ServiceNow event log: 141,712 events collapse to 24,918 incidents, day-first dates', async () => {
		const s = await importFile(store, join(DATASETS, 'uci_incident_event_log.csv.gz'));
		expect(s.rowsRead).toBe(141_712);
		expect(s.rowsInserted).toBe(24_918);
		expect(s.rowsCollapsed).toBe(141_712 - 24_918);
		expect(s.rowsRejected).toBe(0);
		expect(s.mapping).toMatchObject({ ticket_id: 'number', created_at: 'opened_at', mod_count: 'sys_mod_count' });
		expect(s.dates.created_at).toMatchObject({ order: 'dmy', ambiguous: false, unparsed: 0 });
		const direct = await directRange(
			`SELECT min(strptime(opened_at, '%d/%m/%Y %H:%M')), max(strptime(opened_at, '%d/%m/%Y %H:%M'))
			 FROM read_csv('${join(DATASETS, 'uci_incident_event_log.csv.gz')}', all_varchar = true)`
		);
		const r = await ticketRange(s.importId);
		expect(r.lo).toBe(direct.lo);
		expect(r.hi).toBe(direct.hi);
		// the latest version of each incident wins: its status is the one at the highest sys_mod_count
		const inc = await store.one<{ status_raw: string; priority: string; priority_raw: string }>(
			"SELECT status_raw, priority, priority_raw FROM tickets WHERE ticket_id = 'INC0000045'"
		);
		expect(inc).toMatchObject({ status_raw: 'Closed', priority: 'P2', priority_raw: '3 - Moderate' });
		// NULL written as '?' is NULL, not the string '?'
		expect(await count(store, "SELECT count(*) AS n FROM tickets WHERE import_id = $id AND (category = '?' OR assignee = '?')", { id: s.importId })).toBe(0);
	});

	it('GBK car complaints: 300 distinct ids from 630 rows, Chinese headers, empty first header', async () => {
		const s = await importFile(store, join(DATASETS, 'car_complain_12365auto_gbk.csv'));
		expect(s.encoding).toBe('gb18030');
		expect(s.rowsRead).toBe(630);
		expect(s.rowsInserted).toBe(300);
		expect(s.rowsCollapsed).toBe(330);
		expect(s.mapping).toMatchObject({ ticket_id: 'id', created_at: '投诉时间', subject: '问题简述', error_code: '典型问题' });
		const r = await ticketRange(s.importId);
		expect(r.lo.slice(0, 7)).toBe('2020-06');
		const t = await store.one<{ subject: string; error_code: string; attrs: Record<string, string> }>(
			"SELECT subject, error_code, attrs FROM tickets WHERE ticket_id = '485773'"
		);
		expect(t!.subject).toContain('吉利博越');
		expect(t!.error_code).toBe('J300,O348');
		expect(t!.attrs['投诉品牌']).toBe('吉利汽车');
		expect(Object.keys(t!.attrs)).toContain('column_1');
	});

	it('CFPB: two junk lines, 6,623 complaints, multi-line narratives intact', async () => {
		const s = await importFile(store, join(DATASETS, 'cfpb_complaints_sample.csv'));
		expect(s.junkLines).toBe(2);
		expect(s.rowsInserted).toBe(6_623);
		expect(s.rowsRejected).toBe(0);
		expect(s.mapping).toMatchObject({ ticket_id: 'Complaint ID', created_at: 'Date received', description: 'Consumer complaint narrative' });
		const direct = await directRange(
			`SELECT min("Date received"::DATE), max("Date received"::DATE) FROM read_csv('${join(DATASETS, 'cfpb_complaints_sample.csv')}', skip = 2, header = true, all_varchar = true)`
		);
		const r = await ticketRange(s.importId);
		expect(r.lo.slice(0, 10)).toBe(direct.lo.slice(0, 10));
		expect(r.hi.slice(0, 10)).toBe(direct.hi.slice(0, 10));
		expect(await count(store, "SELECT count(*) AS n FROM tickets WHERE import_id = $id AND description LIKE '%' || chr(10) || '%'", { id: s.importId })).toBeGreaterThan(100);
		// source_line is the real line in the file: junk + header + records + the line breaks inside earlier narratives
		const last = await store.one<{ m: number }>('SELECT max(source_line) AS m FROM tickets WHERE import_id = $id', { id: s.importId });
		expect(Number(last!.m)).toBeGreaterThan(6_623 + 3);
	});

	it('LA 311: month-first 12-hour timestamps, newest first', async () => {
		const s = await importFile(store, join(DATASETS, 'la311_service_requests_2017_subset.csv'));
		expect(s.rowsInserted).toBe(9_999);
		expect(s.dates.created_at).toMatchObject({ order: 'mdy', ambiguous: false, unparsed: 0 });
		const r = await ticketRange(s.importId);
		expect(r.hi).toBe('2017-12-31T23:59:58');
		expect(r.lo.slice(0, 8)).toBe('2017-12-');
	});

	it('Kaggle synthetic: no creation-time header, the date column is found by its values; --map still overrides', async () => {
		const file = join(DATASETS, 'kaggle_customer_support_tickets_synthetic.csv');
		const s: ImportSummary = await importFile(store, file);
		expect(s.rowsRead).toBe(8_469);
		expect(s.rowsInserted).toBe(8_469);
		expect(s.mapping.created_at).toBe('Date of Purchase');
		expect(s.found.created_at).toMatchObject({ header: 'Date of Purchase', rule: 'datetimes' });
		const mapped: ImportSummary = await importFile(store, file, { map: { created_at: 'First Response Time' } });
		expect(mapped.found.created_at).toBeUndefined();
		expect(mapped.rowsRejected).toBe(8_469 - 5_650);
		expect(mapped.rejects[0].reason).toMatch(/no creation time/);
		// e-mail and names are masked on the way in
		const t = await store.one<{ customer_ref: string; contact_last4: string }>('SELECT customer_ref, contact_last4 FROM tickets WHERE import_id = $id LIMIT 1', { id: s.importId });
		expect(t!.customer_ref).toMatch(/^.\*$/);
		expect(t!.contact_last4).toMatch(/^\*\*\*@/);
	});
});
