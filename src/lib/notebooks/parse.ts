// A notebook is a Markdown file: front matter (title and parameters with their
// defaults), prose with inline values `${result[0].column}`, ```sql name=… cells
// and ```chart cells holding a small declarative spec. Pure: parsing and the
// evaluation of inline references; running is on the server.

export interface MarkdownCell {
	kind: 'md';
	text: string;
	line: number;
}
export interface SqlCell {
	kind: 'sql';
	name: string;
	sql: string;
	/** Line of the first SQL line in the file (1-based), for error messages. */
	line: number;
	/** `hidden`: run it, show no table (a result only charts or prose use). */
	hidden: boolean;
}
export interface ChartCell {
	kind: 'chart';
	source: string;
	spec: ChartSpec | null;
	error?: string;
	line: number;
}
export type Cell = MarkdownCell | SqlCell | ChartCell;

export type SpecValue = string | number | boolean | null | SpecValue[] | { [k: string]: SpecValue };
export type ChartSpec = { [k: string]: SpecValue };

export interface Notebook {
	title: string;
	/** Parameter defaults from the front matter (everything but `title`), as text. */
	params: Record<string, string>;
	cells: Cell[];
}

export class NotebookSyntaxError extends Error {}

const FENCE = /^```\s*(\w+)?(.*)$/;

export function parseNotebook(source: string): Notebook {
	const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
	let i = 0;
	const params: Record<string, string> = {};
	let title = '';
	if (lines[0]?.trim() === '---') {
		const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
		if (end < 0) throw new NotebookSyntaxError('The front matter opened with --- on line 1 is never closed.');
		for (let k = 1; k < end; k++) {
			const l = lines[k].replace(/\s+#.*$/, '');
			if (!l.trim()) continue;
			const m = /^([A-Za-z_]\w*)\s*:\s*(.*)$/.exec(l);
			if (!m) throw new NotebookSyntaxError(`Front matter line ${k + 1} is not "name: value": ${l.trim()}`);
			const value = m[2].trim().replace(/^(['"])(.*)\1$/, '$2');
			if (m[1] === 'title') title = value;
			else params[m[1]] = value;
		}
		i = end + 1;
	}
	const cells: Cell[] = [];
	let md: string[] = [];
	let mdStart = i + 1;
	const flush = () => {
		if (md.some((l) => l.trim())) cells.push({ kind: 'md', text: md.join('\n'), line: mdStart });
		md = [];
	};
	while (i < lines.length) {
		const fence = FENCE.exec(lines[i]);
		const lang = fence?.[1]?.toLowerCase();
		if (fence && (lang === 'sql' || lang === 'chart')) {
			flush();
			const open = i + 1;
			const body: string[] = [];
			i++;
			while (i < lines.length && !/^```\s*$/.test(lines[i])) body.push(lines[i++]);
			if (i >= lines.length) throw new NotebookSyntaxError(`The \`\`\`${lang} cell opened on line ${open} is never closed.`);
			i++;
			const attrs = parseAttrs(fence[2]);
			if (lang === 'sql') {
				const name = attrs.name;
				if (!name || !/^[A-Za-z_]\w*$/.test(name)) throw new NotebookSyntaxError(`The sql cell on line ${open} needs a name: \`\`\`sql name=top_subcategories`);
				cells.push({ kind: 'sql', name, sql: body.join('\n'), line: open + 1, hidden: 'hidden' in attrs });
			} else {
				const source = body.join('\n');
				try {
					cells.push({ kind: 'chart', source, spec: parseSpec(source), line: open + 1 });
				} catch (e) {
					cells.push({ kind: 'chart', source, spec: null, error: (e as Error).message, line: open + 1 });
				}
			}
			mdStart = i + 1;
			continue;
		}
		if (fence) {
			// any other fenced block is prose (shown as code): copy it whole
			md.push(lines[i++]);
			while (i < lines.length && !/^```\s*$/.test(lines[i])) md.push(lines[i++]);
			if (i < lines.length) md.push(lines[i++]);
			continue;
		}
		md.push(lines[i++]);
	}
	flush();
	const names = new Set<string>();
	for (const c of cells)
		if (c.kind === 'sql') {
			if (names.has(c.name)) throw new NotebookSyntaxError(`Two sql cells are named ${c.name} (the second on line ${c.line - 1}).`);
			names.add(c.name);
		}
	if (!title) title = /^#\s+(.+)$/m.exec(source)?.[1]?.trim() ?? 'Notebook';
	return { title, params, cells };
}

/** `name=top hidden` → {name: 'top', hidden: ''} */
function parseAttrs(s: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of s.matchAll(/([A-Za-z_]\w*)(?:=("[^"]*"|\S+))?/g)) out[m[1]] = (m[2] ?? '').replace(/^"|"$/g, '');
	return out;
}

// --- chart specs: a relaxed object literal ----------------------------------------
// `{data: top, mark: barX, x: n, y: subcategory, sort: {y: "-x"}, fill: "#4269d0"}`
// Keys and bare words need no quotes; numbers, true/false/null, strings in ' or ",
// arrays and nested objects. Nothing is evaluated.

export function parseSpec(source: string): ChartSpec {
	const p = new SpecParser(source.trim());
	const v = p.value();
	p.end();
	if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new NotebookSyntaxError('A chart cell is one object: {data: result, mark: barX, x: column, y: column}');
	return v;
}

class SpecParser {
	i = 0;
	constructor(readonly s: string) {}
	ws() {
		while (this.i < this.s.length && /[\s]/.test(this.s[this.i])) this.i++;
	}
	fail(what: string): never {
		throw new NotebookSyntaxError(`Chart spec: ${what} at character ${this.i + 1}: ${this.s.slice(Math.max(0, this.i - 10), this.i + 10).replace(/\s+/g, ' ')}`);
	}
	end() {
		this.ws();
		if (this.i < this.s.length) this.fail('unexpected text');
	}
	value(): SpecValue {
		this.ws();
		const c = this.s[this.i];
		if (c === '{') return this.object();
		if (c === '[') return this.array();
		if (c === '"' || c === "'") return this.string();
		const m = /^[^,{}[\]:\s]+(?:\s+[^,{}[\]:\s]+)*/.exec(this.s.slice(this.i));
		if (!m) this.fail('expected a value');
		this.i += m[0].length;
		const w = m[0];
		if (w === 'true') return true;
		if (w === 'false') return false;
		if (w === 'null') return null;
		if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w);
		return w;
	}
	string(): string {
		const q = this.s[this.i++];
		let out = '';
		while (this.i < this.s.length && this.s[this.i] !== q) {
			if (this.s[this.i] === '\\') this.i++;
			out += this.s[this.i++];
		}
		if (this.s[this.i] !== q) this.fail('unclosed string');
		this.i++;
		return out;
	}
	object(): ChartSpec {
		this.i++;
		const out: ChartSpec = {};
		for (;;) {
			this.ws();
			if (this.s[this.i] === '}') {
				this.i++;
				return out;
			}
			const key = this.s[this.i] === '"' || this.s[this.i] === "'" ? this.string() : /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i))?.[0];
			if (!key) this.fail('expected a key');
			if (!(this.s[this.i] === '"' || this.s[this.i] === "'")) this.i += key.length;
			this.ws();
			if (this.s[this.i] !== ':') this.fail(`expected ":" after ${key}`);
			this.i++;
			out[key] = this.value();
			this.ws();
			if (this.s[this.i] === ',') this.i++;
			else if (this.s[this.i] !== '}') this.fail('expected "," or "}"');
		}
	}
	array(): SpecValue[] {
		this.i++;
		const out: SpecValue[] = [];
		for (;;) {
			this.ws();
			if (this.s[this.i] === ']') {
				this.i++;
				return out;
			}
			out.push(this.value());
			this.ws();
			if (this.s[this.i] === ',') this.i++;
			else if (this.s[this.i] !== ']') this.fail('expected "," or "]"');
		}
	}
}

// --- inline values -----------------------------------------------------------------

export type Results = Record<string, Record<string, unknown>[]>;

/**
 * `top[0].subcategory`, `top.length`, `weekly[1]["工单数"]`: a result name, then
 * indexes and properties. Nothing else (no calls, no operators) — it is a path,
 * not code.
 */
export function evalRef(expr: string, results: Results): unknown {
	const s = expr.trim();
	const head = /^[A-Za-z_]\w*/.exec(s);
	if (!head) throw new Error(`\${${s}}: start with a result name`);
	if (!(head[0] in results)) throw new Error(`\${${s}}: no result named ${head[0]}`);
	let v: unknown = results[head[0]];
	let i = head[0].length;
	while (i < s.length) {
		const m = /^\[(\d+)\]|^\.([A-Za-z_]\w*)|^\[(["'])(.*?)\3\]/.exec(s.slice(i));
		if (!m) throw new Error(`\${${s}}: only [index] and .name may follow the result name`);
		const key = m[1] ?? m[2] ?? m[4];
		if (v === null || v === undefined) throw new Error(`\${${s}}: nothing at ${s.slice(0, i)}`);
		if (key === 'length' && Array.isArray(v)) v = v.length;
		else v = Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
		i += m[0].length;
	}
	if (v === undefined) throw new Error(`\${${s}}: nothing there (a row past the end, or a column the result does not have)`);
	return v;
}

/** A value as prose shows it: integers with separators, ratios to 3 significant digits. */
export function formatValue(v: unknown): string {
	if (v === null) return '—';
	if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : Number(v.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 3 });
	if (typeof v === 'object') return JSON.stringify(v);
	if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return v.replace('T', ' ').replace(/:00(\.000)?$/, '');
	return String(v);
}
