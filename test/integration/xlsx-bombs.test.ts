// Hostile workbooks: what ExcelJS parks on disk stays in our temp folder and is
// removed whatever happens; a sheet that inflates past the limit is stopped as it
// inflates; a bomb of empty rows is refused at Excel's own row limit.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xlsxToCsv } from '../../src/lib/server/ingest/xlsx';
import { RefusedError } from '../../src/lib/ingest/sniff';
import { tempDir } from '../helpers/workspace';

// JSZip comes with ExcelJS: it writes workbooks whose parts we choose byte for byte
const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip');

const PARTS: Record<string, string> = {
	'[Content_Types].xml':
		'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
	'_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
	'xl/workbook.xml':
		'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
	'xl/_rels/workbook.xml.rels':
		'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
};

async function workbook(path: string, rows: string) {
	const zip = new JSZip();
	for (const [name, text] of Object.entries(PARTS)) zip.file(name, text);
	zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
	writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

let dir: string;
let cleanup: () => void;
let ours: string;
const osLeftovers = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
beforeEach(() => {
	({ dir, cleanup } = tempDir());
	ours = join(dir, 'tmp');
	mkdirSync(ours);
});
afterEach(() => cleanup());

async function refusal(rows: string, opts: { limitBytes?: number } = {}) {
	const src = join(dir, 'bomb.xlsx');
	await workbook(src, rows);
	const before = osLeftovers().length;
	const t = performance.now();
	const err = await xlsxToCsv(src, join(dir, 'out.csv'), { tmpDir: ours, limitBytes: opts.limitBytes ?? 1 << 30 }).then(
		() => null,
		(e: Error) => e
	);
	const ms = performance.now() - t;
	expect(err).toBeInstanceOf(RefusedError);
	// nothing parked is left, neither in the OS temp folder nor in ours
	expect(osLeftovers().length).toBe(before);
	// ours are emptied at once and removed a moment later
	for (const f of readdirSync(ours)) expect(statSync(join(ours, f)).size).toBe(0);
	for (let i = 0; i < 100 && readdirSync(ours).length; i++) await new Promise((r) => setTimeout(r, 100));
	expect(readdirSync(ours)).toEqual([]);
	return { message: err!.message, ms };
}

it('a workbook that fails to parse leaves nothing behind', { timeout: 30_000 }, async () => {
	const r = await refusal('<row r="1"><c r="ZZZ1" t="inlineStr"><is><t>x</t></is></c></row>');
	expect(r.message).toMatch(/could not be read|Invalid/);
});

it('a sheet that inflates past the limit is stopped as it inflates', { timeout: 60_000 }, async () => {
	// 60 MB of comments compress to a few hundred KB
	const r = await refusal('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' + '<!---->'.repeat(9_000_000), { limitBytes: 4 << 20 });
	expect(r.message).toMatch(/expands past 4 MB/);
});

it('a bomb of empty rows is refused at Excel’s row limit', async () => {
	const r = await refusal('<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>' + '<row/>'.repeat(1_100_000));
	expect(r.message).toMatch(/more rows than Excel allows/);
}, 120_000);
