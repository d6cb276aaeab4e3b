// Exports of shapes the importer must land right without hand-mapping: event logs,
// Date + Time columns, unknown Chinese headers, two readings of one date, Excel
// serial numbers, category values with '/', and .xlsx workbooks. Real files
// (test/fixtures/shapes/, the UCI log), a real DuckDB file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { join, resolve } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { importFile } from '../../src/lib/server/ingest/importer';
import type { Store } from '../../src/lib/server/db';
import { count, DATASETS, tempStore, writeFile } from '../helpers/workspace';
import { writeWorkbook } from '../helpers/workbook';

const SHAPES = resolve(__dirname, '../fixtures/shapes');
let store: Store;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ store, dir, cleanup } = await tempStore()));
afterAll(async () => cleanup());

type Row = Record<string, string | number | null>;
const ticket = (id: string) =>
	store.one<Row>(
		`SELECT ticket_id, created_at::VARCHAR AS created, resolved_at::VARCHAR AS resolved, status, status_raw, assignee, events, reopened,
			category, subcategory, channel, priority, description FROM tickets WHERE ticket_id = $id`,
		{ id }
	);

describe('event logs', () => {
	it('only an event time, one row per state change: earliest creation, latest state, resolution when it entered its final resolved state', async () => {
		const s = await importFile(store, join(SHAPES, 'event-log-event-time.csv'));
		expect(s.rowsRead).toBe(15);
		expect(s.rowsInserted).toBe(5);
		expect(s.mapping).toMatchObject({ ticket_id: 'Incident', created_at: 'Event time', status: 'Status' });
		expect(s.found.created_at).toMatchObject({ rule: 'datetimes' });
		expect(s.found.ticket_id).toMatchObject({ rule: 'repeating' });
		expect(s.eventLog).toMatchObject({ events: 15, tickets: 5 });
		expect(s.eventLog!.createdFrom).toMatch(/earliest "Event time"/);
		expect(s.eventLog!.resolvedFrom).toMatch(/final resolved\/closed/);
		// opened over two years: not all in the last month
		expect(await ticket('INC1001')).toMatchObject({ created: '2023-01-09 09:12:00', resolved: '2023-01-10 15:30:00', status: 'resolved', events: 3, reopened: 0 });
		// resolved, reopened, resolved again, closed: resolution is the second resolve; one reopening
		expect(await ticket('INC1002')).toMatchObject({ created: '2023-03-14 16:40:00', resolved: '2023-03-21 17:45:00', status: 'closed', events: 5, reopened: 1 });
		// still open: no resolution time; the state is the latest event's (assignee changed)
		expect(await ticket('INC1004')).toMatchObject({ created: '2024-06-30 22:10:00', resolved: null, status: 'pending', assignee: 'Chen', events: 2 });
		const span = await store.one<{ months: number }>(`SELECT count(DISTINCT date_trunc('month', created_at)) AS months FROM tickets WHERE import_id = $id`, { id: s.importId });
		expect(Number(span!.months)).toBe(5);
	});

	it('next week\'s events of the same log: a ticket keeps its earliest creation time, its state moves on', async () => {
		const head = 'Case,Changed at,State\n';
		await importFile(store, writeFile(dir, 'log-w1.csv', head + 'CS9001,2024-03-04 09:00,New\nCS9001,2024-03-05 10:00,In Progress\nCS9002,2024-03-06 11:00,New\n'));
		const s = await importFile(store, writeFile(dir, 'log-w2.csv', head + 'CS9001,2024-03-11 16:00,Resolved\nCS9002,2024-03-12 08:00,In Progress\nCS9002,2024-03-12 09:00,Closed\n'));
		expect(s.rowsUpdated).toBe(2);
		expect(await ticket('CS9001')).toMatchObject({ created: '2024-03-04 09:00:00', resolved: '2024-03-11 16:00:00', status: 'resolved' });
		expect(await ticket('CS9002')).toMatchObject({ created: '2024-03-06 11:00:00', resolved: '2024-03-12 09:00:00', status: 'closed' });
	});

	it('UCI incident log: 24,918 incidents, created at the earliest opened_at of their events, reopenings as the log counts them', async () => {
		const file = join(DATASETS, 'uci_incident_event_log.csv.gz');
		const s = await importFile(store, file);
		expect(s.rowsInserted).toBe(24_918);
		expect(s.mapping).toMatchObject({ ticket_id: 'number', created_at: 'opened_at', resolved_at: 'resolved_at', mod_count: 'sys_mod_count' });
		expect(s.eventLog).toMatchObject({ events: 141_712, tickets: 24_918 });
		expect(s.eventLog!.createdFrom).toMatch(/opened_at/);
		expect(s.eventLog!.stateFrom).toMatch(/sys_mod_count/);
		// the earliest opened_at per incident, straight from the file with DuckDB alone
		const c = await (await DuckDBInstance.create(':memory:')).connect();
		await c.run(
			`CREATE TABLE direct AS SELECT number AS id, min(strptime(opened_at, '%d/%m/%Y %H:%M')) AS opened, count(*) AS events
			 FROM read_csv('${file}', all_varchar = true) GROUP BY number`
		);
		const rows = (await c.runAndReadAll('SELECT id, opened::VARCHAR AS opened, events FROM direct')).getRowObjectsJson() as { id: string; opened: string; events: string }[];
		c.closeSync();
		const ours = new Map(
			(await store.all<{ ticket_id: string; created: string; events: number }>('SELECT ticket_id, created_at::VARCHAR AS created, events FROM tickets WHERE import_id = $id', { id: s.importId })).map((r) => [r.ticket_id, r])
		);
		let mismatches = 0;
		for (const r of rows) {
			const t = ours.get(r.id);
			if (!t || t.created !== r.opened || Number(t.events) !== Number(r.events)) mismatches++;
		}
		expect(rows.length).toBe(24_918);
		expect(mismatches).toBe(0);
		// our count of resolved/closed → open/pending transitions against the log's own reopen_count of the last event
		const agree = await count(store, `SELECT count(*) AS n FROM tickets WHERE import_id = $id AND reopened = CAST(attrs->>'reopen_count' AS INTEGER)`, { id: s.importId });
		expect(agree).toBeGreaterThanOrEqual(24_900);
	});
});

describe('columns found by their values', () => {
	it('Date + Time columns are one creation time (hours are not all 00)', async () => {
		const s = await importFile(store, join(SHAPES, 'date-time-columns.csv'));
		expect(s.mapping).toMatchObject({ created_at: 'Date', created_time: 'Time' });
		expect(s.found.created_time).toMatchObject({ rule: 'combined', other: 'Date' });
		expect(s.dates.created_at).toMatchObject({ header: 'Date', timeHeader: 'Time', unparsed: 0 });
		expect((await ticket('T-2'))!.created).toBe('2024-04-15 14:30:00');
		expect((await ticket('T-3'))!.created).toBe('2024-04-16 18:45:10');
		// a row without its time keeps its day
		expect((await ticket('T-5'))!.created).toBe('2024-04-17 00:00:00');
	});

	it('a Chinese export whose headers no list knows imports without hand-mapping', async () => {
		const s = await importFile(store, join(SHAPES, 'chinese-unknown-headers.csv'));
		expect(s.rowsInserted).toBe(24);
		expect(s.rowsRejected).toBe(0);
		expect(s.mapping).toMatchObject({ created_at: '登记于', ticket_id: '单据', channel: '反映途径', priority: '紧急性', status: '办理情况', description: '事项说明' });
		expect(Object.keys(s.found).sort()).toEqual(['channel', 'created_at', 'description', 'priority', 'status', 'ticket_id']);
		expect(s.dimensions).toContain('诉求人');
		expect(await ticket('GD202400002')).toMatchObject({ created: '2024-02-04 09:07:00', channel: '微信', priority: 'P2', status: 'pending' });
	});

	it('two readings of the same date: the unambiguous 22-Apr-15 is chosen over 22-04-15, and says why', async () => {
		const s = await importFile(store, join(SHAPES, 'two-date-columns.csv'));
		expect(s.mapping.created_at).toBe('Opened on');
		expect(s.found.created_at).toEqual({ header: 'Opened on', rule: 'unambiguous', other: 'Opened' });
		expect(s.dates.created_at).toMatchObject({ ambiguous: false });
		expect((await ticket('A-101'))!.created).toBe('2015-04-22 00:00:00');
		expect((await ticket('A-105'))!.created).toBe('2015-08-28 00:00:00');
	});

	it('an Excel serial number among the dates of a CSV reads as that date', async () => {
		const s = await importFile(store, join(SHAPES, 'serial-date.csv'));
		expect(s.rowsRejected).toBe(0);
		expect((await ticket('S-2'))!.created).toBe('2019-04-08 08:37:20');
	});

	it('a header no list knows, with nothing else to go on, is still refused with the sentence', async () => {
		const p = writeFile(dir, 'nothing.csv', 'a,b\nx,1\ny,2\n');
		const before = await count(store, 'SELECT count(*) AS n FROM tickets');
		await expect(importFile(store, p)).rejects.toThrow(/No column can be the creation time/);
		expect(await count(store, 'SELECT count(*) AS n FROM tickets')).toBe(before);
	});
});

describe('category with /', () => {
	it('a plain Category column keeps TV/Internet and a URL whole', async () => {
		await importFile(store, join(SHAPES, 'category-slash.csv'));
		expect(await ticket('C-1')).toMatchObject({ category: 'TV/Internet', subcategory: null });
		expect(await ticket('C-2')).toMatchObject({ category: 'https://example.com/help', subcategory: null });
	});

	it('split when the header says two levels, or when asked', async () => {
		await importFile(store, join(SHAPES, 'category-two-levels.csv'));
		expect(await ticket('D-1')).toMatchObject({ category: 'TV', subcategory: 'No picture' });
		await importFile(store, join(SHAPES, 'category-slash.csv'), { splitCategory: true });
		expect(await ticket('C-1')).toMatchObject({ category: 'TV', subcategory: 'Internet' });
	});
});

describe('Excel workbooks', () => {
	it('the first sheet with data, date cells as times, the sheets listed', async () => {
		const p = join(dir, 'week16.xlsx');
		await writeWorkbook(p);
		const s = await importFile(store, p);
		expect(s.sheet).toBe('Tickets');
		expect(s.sheets).toEqual(['Cover', 'Tickets', 'Archive']);
		expect(s.rowsInserted).toBe(3);
		expect(await ticket('X-1')).toMatchObject({ created: '2024-04-15 09:30:00', channel: 'APP', category: '支付问题' });
		const x1 = await store.one<{ subcategory: string; satisfaction: number }>("SELECT subcategory, satisfaction FROM tickets WHERE ticket_id = 'X-1'");
		expect(x1).toMatchObject({ subcategory: '支付失败', satisfaction: 4 });
		expect((await ticket('X-3'))!.created).toBe('2024-04-17 00:00:00');
	});

	it('--sheet NAME picks another sheet; an unknown sheet is refused with the sheets named', async () => {
		const p = join(dir, 'week16b.xlsx');
		await writeWorkbook(p);
		const s = await importFile(store, p, { sheet: 'Archive' });
		expect(s.sheet).toBe('Archive');
		expect(await store.one("SELECT created_at::VARCHAR AS c, subject FROM tickets WHERE ticket_id = 'OLD-1'")).toEqual({ c: '2023-01-05 08:00:00', subject: 'Old, with a comma' });
		const before = await count(store, 'SELECT count(*) AS n FROM tickets');
		await expect(importFile(store, p, { sheet: 'Nope' })).rejects.toThrow(/no sheet "Nope" \(sheets: Cover, Tickets, Archive\)/);
		expect(await count(store, 'SELECT count(*) AS n FROM tickets')).toBe(before);
	});

	it('a damaged workbook is refused and writes nothing; a ZIP that is no workbook says so', async () => {
		const p = join(dir, 'whole.xlsx');
		await writeWorkbook(p);
		const bytes = readFileSync(p);
		const before = await count(store, 'SELECT count(*) AS n FROM imports');
		const cut = writeFile(dir, 'cut.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
		await expect(importFile(store, cut)).rejects.toThrow(/Excel workbook is incomplete/);
		// cut in the middle of a large sheet too (the reader would otherwise wait forever)
		const big = join(dir, 'big.xlsx');
		await writeWorkbook(big, 5000);
		const bigBytes = readFileSync(big);
		await expect(importFile(store, writeFile(dir, 'bigcut.xlsx', bigBytes.subarray(0, Math.floor(bigBytes.length * 0.6))))).rejects.toThrow(/incomplete/);
		const zip = writeFile(dir, 'photos.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0), ...Buffer.from('photos/cat.jpg'), ...new Array(200).fill(7)]));
		await expect(importFile(store, zip)).rejects.toThrow(/ZIP archive, not an Excel workbook/);
		expect(await count(store, 'SELECT count(*) AS n FROM imports')).toBe(before);
		expect(readdirSync(join(dir, 'tmp')).filter((f) => f.startsWith('sheet-'))).toEqual([]);
	});

	it('an old .xls gets a clear sentence', async () => {
		const p = writeFile(dir, 'old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]));
		await expect(importFile(store, p)).rejects.toThrow(/old Excel 97–2003 workbook \(\.xls\), which is not supported: .*save it as \.xlsx or as CSV/);
	});
});
