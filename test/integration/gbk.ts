// Encode text as GBK for tests, by inverting Node's own gb18030 decoder over the
// two-byte range (no iconv package needed).
let table: Map<string, number[]> | null = null;

function build(): Map<string, number[]> {
	const m = new Map<string, number[]>();
	const dec = new TextDecoder('gb18030');
	for (let a = 0x81; a <= 0xfe; a++) {
		for (let b = 0x40; b <= 0xfe; b++) {
			if (b === 0x7f) continue;
			const ch = dec.decode(new Uint8Array([a, b]));
			if (ch.length === 1 && ch !== '\ufffd' && !m.has(ch)) m.set(ch, [a, b]);
		}
	}
	return m;
}

export default function gbk(text: string): Uint8Array {
	table ??= build();
	const out: number[] = [];
	for (const ch of text) {
		const code = ch.codePointAt(0)!;
		if (code < 0x80) out.push(code);
		else {
			const bytes = table.get(ch);
			if (!bytes) throw new Error(`no GBK code for ${ch}`);
			out.push(...bytes);
		}
	}
	return new Uint8Array(out);
}
