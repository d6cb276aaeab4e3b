// The import page's preview: the first bytes of the chosen file, decoded and
// parsed in the browser with the same sniffer, mapping and date rules the server uses.
import Papa from 'papaparse';
import { chooseDateCandidate, dateCandidates, looksLikeDateHeader, parseDate, type DateCandidate } from './dates';
import { FIELDS, type Field, type Mapping } from './mapping';
import { detectColumns, TIME_FIELD, type ColumnDetection } from './content';
import { decoderFor, detectEncoding, isGzip, sniffTable, type Delimiter, type Encoding } from './sniff';

export const PREVIEW_BYTES = 512 * 1024;
export const PREVIEW_ROWS = 200;

export interface DatePreview {
	field: Field;
	header: string;
	candidate: DateCandidate;
	ambiguous: boolean;
	alternatives: DateCandidate[];
}

export interface Preview {
	encoding: Encoding;
	encodingReason: string;
	delimiter: Delimiter;
	junkLines: number;
	headers: string[];
	rows: string[][];
	detected: Mapping;
	detection: ColumnDetection;
	gzip: boolean;
}

export async function readHead(file: Blob): Promise<Uint8Array> {
	const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
	if (!isGzip(head)) return head;
	// gzip: decompress the start of the stream
	const stream = file.stream().pipeThrough(new DecompressionStream('gzip'));
	const reader = stream.getReader();
	const parts: Uint8Array[] = [];
	let n = 0;
	try {
		while (n < PREVIEW_BYTES) {
			const { value, done } = await reader.read();
			if (done) break;
			parts.push(value);
			n += value.length;
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
	const out = new Uint8Array(n);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

export function buildPreview(head: Uint8Array, gzip: boolean, encoding: Encoding | 'auto' = 'auto', delimiter: Delimiter | 'auto' = 'auto'): Preview {
	const enc = detectEncoding(head, encoding);
	const text = decoderFor(enc).decode(head.subarray(enc.bom));
	const table = sniffTable(text, delimiter, 20, head.length < PREVIEW_BYTES);
	const lines = text.split('\n');
	const rows = previewRows(lines.slice(table.junkLines).join('\n'), table.delimiter, head.length >= PREVIEW_BYTES);
	const detection = detectColumns(table.headers, rows);
	return {
		encoding: enc.encoding,
		encodingReason: enc.reason,
		delimiter: table.delimiter,
		junkLines: table.junkLines,
		headers: table.headers,
		rows,
		detected: detection.mapping,
		detection,
		gzip
	};
}

/** PapaParse reads the rows after the header line; the last row may be cut by the end of the sample. */
export function previewRows(fromHeader: string, delimiter: string, cut: boolean): string[][] {
	const parsed = Papa.parse<string[]>(fromHeader, { delimiter, preview: PREVIEW_ROWS + 1, skipEmptyLines: true });
	let rows = parsed.data.slice(1);
	if (cut && rows.length > 1) rows = rows.slice(0, -1);
	return rows;
}

/** Sample values per column (distinct, non-empty, first few). */
export function samplesOf(preview: Preview, col: number, n = 3): string[] {
	const seen = new Set<string>();
	for (const r of preview.rows) {
		const v = (r[col] ?? '').trim();
		if (v && !seen.has(v)) seen.add(v);
		if (seen.size >= n) break;
	}
	return [...seen];
}

/** The date format each mapped date field would get, judged on the preview rows. */
export function previewDates(preview: Preview, mapping: Mapping): DatePreview[] {
	const out: DatePreview[] = [];
	for (const field of ['created_at', 'first_response_at', 'resolved_at', 'updated_at'] as Field[]) {
		const header = mapping[field];
		if (!header) continue;
		const col = preview.headers.indexOf(header);
		const tcol = TIME_FIELD[field] && mapping[TIME_FIELD[field]!] ? preview.headers.indexOf(mapping[TIME_FIELD[field]!]!) : -1;
		const values = preview.rows
			.map((r) => {
				const d = (r[col] ?? '').trim();
				const t = tcol >= 0 ? (r[tcol] ?? '').trim() : '';
				return d && t ? `${d} ${t}` : d;
			})
			.filter((v) => v !== '');
		const candidates = dateCandidates(values);
		const counts: Record<string, number> = {};
		for (const c of candidates) counts[c.id] = values.filter((v) => parseDate(v, c) !== null).length;
		const choice = chooseDateCandidate(candidates, counts);
		if (choice) out.push({ field, header, candidate: choice.chosen, ambiguous: choice.ambiguous, alternatives: choice.alternatives });
	}
	return out;
}

/** The overrides to send: every field where the user's mapping differs from detection. */
export function overridesFor(detected: Mapping, chosen: Mapping): Record<string, string> {
	const out: Record<string, string> = {};
	for (const f of FIELDS) if ((detected[f] ?? '') !== (chosen[f] ?? '')) out[f] = chosen[f] ?? '';
	return out;
}

export { looksLikeDateHeader };
