// The Markdown a notebook's prose needs, parsed into a small tree: headings,
// paragraphs, lists, quotes, code, tables; **bold**, *italic*, `code`,
// [links](https://… or /path) and inline values `${…}` filled by a callback.
// Nothing in the source is ever markup: the app renders the tree as elements
// (Markdown.svelte); the standalone report serialises it with everything escaped
// (markdownHtml). Raw HTML in the source stays text.

export type Inline =
	| { t: 'text'; s: string }
	| { t: 'code'; s: string }
	| { t: 'strong' | 'em'; c: Inline[] }
	| { t: 'link'; href: string; c: Inline[] }
	| { t: 'value'; s: string }
	| { t: 'error'; expr: string; message: string };

export type Block =
	| { b: 'h'; level: number; c: Inline[] }
	| { b: 'p' | 'quote'; c: Inline[] }
	| { b: 'ul' | 'ol'; items: Inline[][] }
	| { b: 'pre'; s: string }
	| { b: 'table'; head: Inline[][]; rows: Inline[][][] };

/** An inline value: its text, or an error shown in place. */
export type InlineValue = (expr: string) => { text: string } | { error: string };

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const HOLD = /\u0000(\d+)\u0000/g;
const RICH = /\[([^\]]+)\]\((https?:\/\/[^\s)]+|\/[^\s)]*)\)|\*\*(.+?)\*\*|(^|[^*])\*([^*\s][^*]*?)\*/;

/** Text with held nodes (code, values) put back. */
function expand(s: string, held: Inline[]): Inline[] {
	const out: Inline[] = [];
	let last = 0;
	for (const m of s.matchAll(HOLD)) {
		if (m.index > last) out.push({ t: 'text', s: s.slice(last, m.index) });
		out.push(held[Number(m[1])]);
		last = m.index + m[0].length;
	}
	if (last < s.length) out.push({ t: 'text', s: s.slice(last) });
	return out;
}

/**
 * A link's target with its held nodes put back as text: a value URL-encoded (so it
 * stays one path segment or query value: `/${x}` cannot become `//other-site`), a
 * code span as its text. A bad value: no link, its error instead.
 */
function href(raw: string, held: Inline[]): string | Inline {
	let bad: Inline | null = null;
	const out = raw.replace(HOLD, (_, i: string) => {
		const n = held[Number(i)];
		if (n.t === 'value') return encodeURIComponent(n.s);
		if (n.t === 'code') return encodeURI(n.s);
		bad ??= n;
		return '';
	});
	return bad ?? out;
}

/** Links, **bold** and *italic*, leftmost first, nesting inside each other. */
function rich(s: string, held: Inline[]): Inline[] {
	const m = RICH.exec(s);
	if (!m) return expand(s, held);
	const before = s.slice(0, m.index) + (m[4] ?? '');
	let node: Inline | Inline[];
	if (m[1] !== undefined) {
		const target = href(m[2], held);
		node = typeof target === 'string' ? { t: 'link', href: target, c: rich(m[1], held) } : [...rich(m[1], held), target];
	} else node = m[3] !== undefined ? { t: 'strong', c: rich(m[3], held) } : { t: 'em', c: rich(m[5], held) };
	return [...expand(before, held), ...(Array.isArray(node) ? node : [node]), ...rich(s.slice(m.index + m[0].length), held)];
}

export function parseInline(raw: string, value: InlineValue): Inline[] {
	// code spans and values first: nothing inside them is Markdown
	const held: Inline[] = [];
	const s = raw.replace(/\u0000/g, '').replace(/`([^`]+)`|\$\{([^}]*)\}/g, (_, code: string | undefined, expr: string) => {
		if (code !== undefined) held.push({ t: 'code', s: code });
		else {
			const v = value(expr);
			held.push('error' in v ? { t: 'error', expr, message: v.error } : { t: 'value', s: v.text });
		}
		return `\u0000${held.length - 1}\u0000`;
	});
	return rich(s, held);
}

export function parseMarkdown(text: string, value: InlineValue = (e) => ({ text: `\${${e}}` })): Block[] {
	const lines = text.split('\n');
	const out: Block[] = [];
	const inline = (s: string) => parseInline(s, value);
	let i = 0;
	const isBlockStart = (l: string) => /^(#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?|```|\|)/.test(l);
	while (i < lines.length) {
		const l = lines[i];
		if (!l.trim()) {
			i++;
			continue;
		}
		const h = /^(#{1,6})\s+(.*)$/.exec(l);
		if (h) {
			out.push({ b: 'h', level: h[1].length, c: inline(h[2]) });
			i++;
		} else if (l.startsWith('```')) {
			const body: string[] = [];
			i++;
			while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
			i++;
			out.push({ b: 'pre', s: body.join('\n') });
		} else if (/^[-*+]\s/.test(l) || /^\d+[.)]\s/.test(l)) {
			const ordered = /^\d/.test(l);
			const items: Inline[][] = [];
			while (i < lines.length && (ordered ? /^\d+[.)]\s/ : /^[-*+]\s/).test(lines[i])) {
				let item = lines[i++].replace(/^([-*+]|\d+[.)])\s+/, '');
				while (i < lines.length && /^\s{2,}\S/.test(lines[i])) item += ' ' + lines[i++].trim();
				items.push(inline(item));
			}
			out.push({ b: ordered ? 'ol' : 'ul', items });
		} else if (l.startsWith('>')) {
			const body: string[] = [];
			while (i < lines.length && lines[i].startsWith('>')) body.push(lines[i++].replace(/^>\s?/, ''));
			out.push({ b: 'quote', c: inline(body.join(' ')) });
		} else if (l.startsWith('|') && /^\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
			const row = (r: string) => r.replace(/^\||\|$/g, '').split('|').map((c) => inline(c.trim()));
			const head = row(l);
			i += 2;
			const rows: Inline[][][] = [];
			while (i < lines.length && lines[i].startsWith('|')) rows.push(row(lines[i++]));
			out.push({ b: 'table', head, rows });
		} else {
			const para: string[] = [l];
			i++;
			while (i < lines.length && lines[i].trim() && !isBlockStart(lines[i])) para.push(lines[i++]);
			out.push({ b: 'p', c: inline(para.join(' ')) });
		}
	}
	return out;
}

function inlineHtml(run: Inline[]): string {
	return run
		.map((n) => {
			switch (n.t) {
				case 'text':
					return escapeHtml(n.s);
				case 'code':
					return `<code>${escapeHtml(n.s)}</code>`;
				case 'strong':
				case 'em':
					return `<${n.t}>${inlineHtml(n.c)}</${n.t}>`;
				case 'link':
					return `<a href="${escapeHtml(n.href)}">${inlineHtml(n.c)}</a>`;
				case 'value':
					return `<span class="nb-value">${escapeHtml(n.s)}</span>`;
				case 'error':
					return `<span class="nb-inline-error" title="${escapeHtml(n.message)}">⚠ ${escapeHtml(n.expr)}</span>`;
			}
		})
		.join('');
}

/** The tree as HTML, every text escaped: for the standalone report. */
export function markdownHtml(blocks: Block[]): string {
	return blocks
		.map((b) => {
			switch (b.b) {
				case 'h':
					return `<h${b.level}>${inlineHtml(b.c)}</h${b.level}>`;
				case 'p':
					return `<p>${inlineHtml(b.c)}</p>`;
				case 'quote':
					return `<blockquote>${inlineHtml(b.c)}</blockquote>`;
				case 'pre':
					return `<pre><code>${escapeHtml(b.s)}</code></pre>`;
				case 'ul':
				case 'ol':
					return `<${b.b}>${b.items.map((it) => `<li>${inlineHtml(it)}</li>`).join('')}</${b.b}>`;
				case 'table':
					return `<table><thead><tr>${b.head.map((c) => `<th>${inlineHtml(c)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${inlineHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
			}
		})
		.join('\n');
}

export function renderMarkdown(text: string, value?: InlineValue): string {
	return markdownHtml(parseMarkdown(text, value));
}
