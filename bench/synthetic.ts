// A synthetic help-desk export in the seeds' Chinese form, for benchmarks:
// deterministic, ~180 bytes a row, UTF-8 or GBK.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../scripts/prng';

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';
const CATS = ['技术故障/支付失败', '技术故障/登录异常', '技术故障/页面加载慢', '产品咨询/积分规则', '产品咨询/功能使用', '售后申请/退换货', '售后申请/物流查询', '服务投诉/响应慢', '建议反馈/功能建议', '账户操作/信息修改'];
const CHANNELS = ['APP', '在线客服', '电话', '邮件', '微信公众号'];
const STATUS = ['已解决', '已关闭', '处理中', '待处理'];
const EMOTION = ['平静', '焦虑', '不满', '愤怒'];
const DESC = ['登录APP后提示网络异常，无法查看订单', '支付时提示失败，银行卡已扣款', '咨询会员积分兑换规则，是否可兑换实物', '订单显示已发货但物流三天未更新', '在线客服等待30分钟未接通', '页面加载很慢，首页一直转圈'];
export const HEADER = '序号,客户姓名,联系方式,客户编号,问题发生时间,沟通渠道,问题描述,问题类型（一级/二级）,优先级,客户情绪,附件信息,受理人,处理状态,客户反馈';

export function* rows(n: number): Generator<string> {
	const r = mulberry32(42);
	const pick = <T>(a: T[] | string) => a[Math.floor(r() * a.length)] as T;
	const start = Date.UTC(2024, 0, 1);
	for (let i = 1; i <= n; i++) {
		const t = new Date(start + Math.floor(r() * 180 * 86400) * 1000);
		const ts = t.toISOString().slice(0, 16).replace('T', ' ');
		const cat = pick(CATS);
		const code = cat.endsWith('支付失败') ? '截图(错误码:E2001)' : r() < 0.2 ? '截图(错误码:E1002)' : '';
		const phone = `1${3 + Math.floor(r() * 6)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
		yield [i, pick<string>(SURNAMES) + pick<string>(GIVEN) + pick<string>(GIVEN), phone, `C${String(i).padStart(10, '0')}`, ts, pick(CHANNELS), `"${pick(DESC)}，订单号DD${i}"`, cat, `P${Math.floor(r() * 3)}`, pick(EMOTION), code, `客服${String(1 + Math.floor(r() * 16)).padStart(2, '0')}`, pick(STATUS), r() < 0.5 ? '满意' : ''].join(',');
	}
}

/** Write n rows; `encode` turns text into bytes (UTF-8 by default). */
export async function writeExport(path: string, n: number, encode: (s: string) => Uint8Array = (s) => Buffer.from(s, 'utf8')): Promise<number> {
	const w = createWriteStream(path, { highWaterMark: 1 << 20 });
	let bytes = 0;
	let batch: string[] = [HEADER];
	const flush = async () => {
		const b = encode(batch.join('\r\n') + '\r\n');
		bytes += b.length;
		batch = [];
		if (!w.write(b)) await once(w, 'drain');
	};
	for (const row of rows(n)) {
		batch.push(row);
		if (batch.length >= 5000) await flush();
	}
	await flush();
	w.end();
	await once(w, 'finish');
	return bytes;
}

let gbkTable: Map<string, number> | null = null;
/** GBK encoding by inverting Node's gb18030 decoder over the two-byte range. */
export function encodeGbk(text: string): Uint8Array {
	if (!gbkTable) {
		gbkTable = new Map();
		const dec = new TextDecoder('gb18030');
		for (let a = 0x81; a <= 0xfe; a++)
			for (let b = 0x40; b <= 0xfe; b++) {
				if (b === 0x7f) continue;
				const ch = dec.decode(new Uint8Array([a, b]));
				if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, (a << 8) | b);
			}
	}
	const out = new Uint8Array(text.length * 2);
	let o = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) out[o++] = c;
		else {
			const g = gbkTable.get(text[i]);
			if (g === undefined) throw new Error(`no GBK code for ${text[i]}`);
			out[o++] = g >> 8;
			out[o++] = g & 0xff;
		}
	}
	return out.subarray(0, o);
}

/** The same rows as an Excel workbook (one sheet), written as a stream with ExcelJS; the creation time as a date cell. */
export async function writeWorkbookExport(path: string, n: number): Promise<void> {
	const ExcelJS = (await import('exceljs')).default;
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
	const ws = wb.addWorksheet('工单');
	const header = HEADER.split(',');
	ws.addRow(header).commit();
	const at = header.indexOf('问题发生时间');
	for (const line of rows(n)) {
		// no field of a synthetic row holds an ASCII comma; the description is quoted
		const cells: (string | number | Date)[] = line.split(',').map((v) => v.replace(/^"|"$/g, ''));
		const [d, t] = String(cells[at]).split(' ');
		const [y, m, day] = d.split('-').map(Number);
		const [hh, mm] = t.split(':').map(Number);
		cells[at] = new Date(Date.UTC(y, m - 1, day, hh, mm));
		const row = ws.addRow(cells);
		row.getCell(at + 1).numFmt = 'yyyy-mm-dd hh:mm';
		row.commit();
	}
	ws.commit();
	await wb.commit();
}
