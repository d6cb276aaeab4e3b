// The importer's promises on small files made for each case: rejects with line
// numbers, refusals that write nothing, re-import, upsert, undo, privacy, encodings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import iconv from './gbk';
import { importFile, deleteImport, listRejects } from '../../src/lib/server/ingest/importer';
import type { Store } from '../../src/lib/server/db';
import { count, tempStore, writeFile } from '../helpers/workspace';
import { localise, localiseReason } from '../../src/lib/ingest/messages';

let store: Store;
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, dir, cleanup } = await tempStore()));
afterEach(async () => cleanup());

const HEAD = '客户编号,问题发生时间,问题类型（一级/二级）,优先级,处理状态,客户姓名,联系方式,问题描述,附件信息,客户反馈';
const week1 = [
	HEAD,
	'C001,2024-04-01 09:15,技术故障/支付失败,P0,处理中,张三,13812345678,支付时提示失败,截图(错误码:E2001),',
	'C002,2024-04-01 10:20,产品咨询/积分规则,一般,已解决,李四,15987654321,"咨询积分, 规则",,满意',
	'C003,2024-04-02 11:00,技术故障/登录异常,紧急,待处理,王五,,"登录APP后提示""网络异常""，请回电 13700001111",截图(错误码:E1002),'
].join('\r\n');

async function tickets(): Promise<number> {
	return count(store, 'SELECT count(*) AS n FROM tickets');
}

describe('import', () => {
	it('normalises, splits categories, lifts error codes and masks customers', async () => {
		const s = await importFile(store, writeFile(dir, 'week1.csv', week1));
		expect(s).toMatchObject({ rowsRead: 3, rowsInserted: 3, rowsUpdated: 0, rowsRejected: 0 });
		const rows = await store.all('SELECT * FROM tickets ORDER BY ticket_id');
		expect(rows[0]).toMatchObject({
			ticket_id: 'C001',
			created_at: '2024-04-01T09:15:00',
			category: '技术故障',
			subcategory: '支付失败',
			priority: 'P0',
			status: 'pending',
			status_raw: '处理中',
			customer_ref: '张*',
			contact_last4: '5678',
			error_code: 'E2001'
		});
		expect(rows[1]).toMatchObject({ priority: 'P2', priority_raw: '一般', status: 'resolved', satisfaction: 4, description: '咨询积分, 规则' });
		expect(rows[2]).toMatchObject({ priority: 'P0', error_code: 'E1002', contact_last4: null });
		expect(rows[2].description).toBe('登录APP后提示"网络异常"，请回电 *******1111');
		// no full phone number anywhere in the database
		const dump = JSON.stringify(await store.all('SELECT * FROM tickets')) + JSON.stringify(await store.all('SELECT * FROM import_rejects'));
		expect(dump).not.toMatch(/13812345678|15987654321|13700001111/);
	});

	it('rejects bad rows with their real line number and reason, and loads the rest', async () => {
		const text = [
			HEAD,
			'C001,2024-04-01 09:15,技术故障/支付失败,P0,处理中,张三,13812345678,"two',
			'lines",,',
			'C002,not a date,产品咨询/积分规则,P2,已解决,李四,13812345678,x,,',
			'C003,2024-04-02 11:00,技术故障/登录异常,P1,待处理,王五',
			'',
			'C004,,技术故障/登录异常,P1,待处理,王五,,x,,',
			'C005,2024-04-03 11:00,技术故障/登录异常,P1,待处理,赵六,,y,,'
		].join('\n');
		const s = await importFile(store, writeFile(dir, 'bad.csv', text));
		expect(s.rowsInserted).toBe(2);
		expect(s.rowsRejected).toBe(3);
		const rejects = await listRejects(store, s.importId);
		expect(rejects.map((r) => r.line)).toEqual([4, 5, 7]);
		expect(rejects[0].reason).toMatch(/creation time "not a date"/);
		for (const r of rejects) expect(localiseReason(r.reason, 'zh'), r.reason).toMatch(/[\u4e00-\u9fff]/);
		expect(rejects[1].reason).toMatch(/expected 10 fields, found 6/);
		expect(rejects[2].reason).toMatch(/no creation time/);
		// the raw text of a reject keeps no full phone number
		expect(rejects[0].raw).toContain('*******5678');
		expect(rejects[0].raw).not.toContain('13812345678');
		const ids = await store.all<{ ticket_id: string; source_line: number }>('SELECT ticket_id, source_line FROM tickets ORDER BY 1');
		expect(ids).toEqual([
			{ ticket_id: 'C001', source_line: 2 },
			{ ticket_id: 'C005', source_line: 8 }
		]);
	});

	it.each([
		['an empty file', '', /empty/],
		['a binary file', new Uint8Array(4096).map((_, i) => (i * 31) % 256), /binary|not a CSV/],
		['a file with no header', '1,2024-01-01,5\n2,2024-01-02,6\n', /No header row/],
		['a file with no creation-time column', 'id,subject\n1,hello\n2,world\n', /No column can be the creation time/],
		['a file whose creation column holds no dates', 'id,created\n1,abc\n2,def\n', /holds no dates/],
		['a header without rows', 'id,created\n', /no rows|None of the/]
	])('refuses %s and writes nothing', async (_name, content, message) => {
		await importFile(store, writeFile(dir, 'ok.csv', week1));
		const before = await store.all('SELECT * FROM tickets ORDER BY ticket_id');
		const error = await importFile(store, writeFile(dir, 'bad.csv', content)).then(() => null, (e: Error) => e);
		expect(error?.message).toMatch(message);
		// the import page shows the sentence in Chinese too
		expect(localise(error!.message, 'zh')).toMatch(/[\u4e00-\u9fff]/);
		expect(await store.all('SELECT * FROM tickets ORDER BY ticket_id')).toEqual(before);
		expect(await count(store, 'SELECT count(*) AS n FROM imports')).toBe(1);
	});

	it('re-importing the same file adds nothing; next week updates what it shares', async () => {
		const f = writeFile(dir, 'week1.csv', week1);
		await importFile(store, f);
		const again = await importFile(store, f);
		expect(again).toMatchObject({ rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 3 });
		expect(await tickets()).toBe(3);

		const week2 = [HEAD, 'C001,2024-04-01 09:15,技术故障/支付失败,P0,已解决,张三,13812345678,支付时提示失败,截图(错误码:E2001),满意', 'C004,2024-04-08 08:00,售后申请/退换货,P2,待处理,周七,,要求换货,,'].join('\n');
		const s2 = await importFile(store, writeFile(dir, 'week2.csv', week2));
		expect(s2).toMatchObject({ rowsInserted: 1, rowsUpdated: 1, rowsUnchanged: 0 });
		expect(await tickets()).toBe(4);
		expect(await store.one("SELECT status, satisfaction FROM tickets WHERE ticket_id = 'C001'")).toEqual({ status: 'resolved', satisfaction: 4 });

		// undo week 2: C004 goes, C001 reverts to week 1's version
		const undone = await deleteImport(store, s2.importId);
		expect(undone).toEqual({ removed: 1, restored: 1 });
		expect(await tickets()).toBe(3);
		expect(await store.one("SELECT status, satisfaction FROM tickets WHERE ticket_id = 'C001'")).toEqual({ status: 'pending', satisfaction: null });
		expect((await store.one('SELECT status FROM imports WHERE id = $id', { id: s2.importId }))!.status).toBe('undone');
		await expect(deleteImport(store, s2.importId)).rejects.toThrow(/already undone/);
	});

	it('gives rows without an id a stable content hash', async () => {
		const text = 'Created at,Subject\n2024-05-01 10:00,a\n2024-05-01 11:00,b\n2024-05-01 10:00,a\n';
		const s = await importFile(store, writeFile(dir, 'noid.csv', text));
		expect(s).toMatchObject({ rowsInserted: 2, rowsCollapsed: 1 });
		const again = await importFile(store, writeFile(dir, 'noid2.csv', text));
		expect(again).toMatchObject({ rowsInserted: 0, rowsUnchanged: 2 });
		const ids = await store.all<{ ticket_id: string }>('SELECT ticket_id FROM tickets');
		for (const { ticket_id } of ids) expect(ticket_id).toMatch(/^h[0-9a-f]{16}$/);
	});

	it('reads GBK, UTF-8 with BOM, UTF-16 and semicolons the same', async () => {
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(week1, 'utf16le')]);
		const variants: [string, Uint8Array | string][] = [
			['gbk.csv', iconv(week1)],
			['bom.csv', '\ufeff' + week1],
			['utf16.csv', utf16],
			['semi.csv', week1.replaceAll(',', ';').replace('咨询积分; 规则', '咨询积分, 规则')]
		];
		const seen: string[] = [];
		for (const [name, content] of variants) {
			const s = await importFile(store, writeFile(dir, name, content));
			seen.push(`${name}:${s.encoding}:${s.delimiter}`);
			expect(s.rowsRejected).toBe(0);
			expect(s.rowsInserted + s.rowsUpdated + s.rowsUnchanged).toBe(3);
		}
		expect(seen).toEqual(['gbk.csv:gb18030:,', 'bom.csv:utf-8:,', 'utf16.csv:utf-16le:,', 'semi.csv:utf-8:;']);
		expect(await store.one("SELECT subcategory, customer_ref FROM tickets WHERE ticket_id = 'C001'")).toEqual({ subcategory: '支付失败', customer_ref: '张*' });
	});

	it('says when a date column is ambiguous, and converts offsets to the workspace zone', async () => {
		const amb = 'id,created\n1,01/02/2024 10:00\n2,03/04/2024 11:00\n3,05/06/2024 12:00\n';
		const s = await importFile(store, writeFile(dir, 'amb.csv', amb));
		expect(s.dates.created_at!.ambiguous).toBe(true);
		expect(s.warnings.join(' ')).toMatch(/ambiguous/);
		expect(localise(s.warnings[0], 'zh')).toMatch(/有歧义/);
		const forced = await importFile(store, writeFile(dir, 'amb2.csv', amb.replaceAll('\n1,', '\n11,').replaceAll('\n2,', '\n12,').replaceAll('\n3,', '\n13,')), { dateOrder: 'mdy' });
		expect(forced.dates.created_at!.order).toBe('mdy');
		expect((await store.one("SELECT created_at FROM tickets WHERE ticket_id = '11'"))!.created_at).toBe('2024-01-02T10:00:00');

		// 2-digit years stay in this century: '1/2/24' is 2024, never year 24
		const short = await importFile(store, writeFile(dir, 'short.csv', 'id,created\ny1,13/2/24 03:04\ny2,1/2/24 03:04\n'));
		expect(short.dates.created_at!.order).toBe('dmy');
		expect((await store.one("SELECT created_at FROM tickets WHERE ticket_id = 'y2'"))!.created_at).toBe('2024-02-01T03:04:00');

		const tzText = 'id,created\nz1,2024-05-01T06:30:00Z\nz2,2024-05-01T14:30:00+08:00\n';
		await importFile(store, writeFile(dir, 'tz.csv', tzText), { tz: 'Asia/Shanghai' });
		const rows = await store.all("SELECT created_at FROM tickets WHERE ticket_id IN ('z1', 'z2') ORDER BY ticket_id");
		expect(rows).toEqual([{ created_at: '2024-05-01T14:30:00' }, { created_at: '2024-05-01T14:30:00' }]);
	});
});
