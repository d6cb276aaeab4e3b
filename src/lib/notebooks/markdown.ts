// The Markdown a notebook's prose needs, rendered to HTML that is safe by
// construction: every character of the source is escaped first, then a few
// constructs become tags (headings, paragraphs, lists, quotes, code, tables,
// **bold**, *italic*, `code`, [links](https://…)). Raw HTML in the source shows as
// text. Inline values `${…}` are filled in by a callback, escaped too.

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An inline value: its text, or an error shown in place. */
export type InlineValue = (expr: string) => { text: string } | { error: string };

function inline(raw: string, value: InlineValue): string {
	const tokens: string[] = [];
	const hold = (html: string) => `\u0000${tokens.push(html) - 1}\u0000`;
	let s = raw
		.replace(/`([^`]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(code)}</code>`))
		.replace(/\$\{([^}]*)\}/g, (_, expr: string) => {
			const v = value(expr);
			return hold('error' in v ? `<span class="nb-inline-error" title="${escapeHtml(v.error)}">⚠ ${escapeHtml(expr)}</span>` : `<span class="nb-value">${escapeHtml(v.text)}</span>`);
		});
	s = escapeHtml(s)
		.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
		.replace(/(^|[^*])\*([^*\s][^*]*?)\*/g, '$1<em>$2</em>')
		.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+|\/[^\s)]*)\)/g, (_, text: string, href: string) => `<a href="${href}">${text}</a>`);
	return s.replace(/\u0000(\d+)\u0000/g, (_, n: string) => tokens[Number(n)]);
}

export function renderMarkdown(text: string, value: InlineValue = (e) => ({ text: `\${${e}}` })): string {
	const lines = text.split('\n');
	const out: string[] = [];
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
			out.push(`<h${h[1].length}>${inline(h[2], value)}</h${h[1].length}>`);
			i++;
		} else if (l.startsWith('```')) {
			const body: string[] = [];
			i++;
			while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
			i++;
			out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
		} else if (/^[-*+]\s/.test(l) || /^\d+[.)]\s/.test(l)) {
			const ordered = /^\d/.test(l);
			const items: string[] = [];
			while (i < lines.length && (ordered ? /^\d+[.)]\s/ : /^[-*+]\s/).test(lines[i])) {
				let item = lines[i++].replace(/^([-*+]|\d+[.)])\s+/, '');
				while (i < lines.length && /^\s{2,}\S/.test(lines[i])) item += ' ' + lines[i++].trim();
				items.push(`<li>${inline(item, value)}</li>`);
			}
			out.push(`<${ordered ? 'ol' : 'ul'}>${items.join('')}</${ordered ? 'ol' : 'ul'}>`);
		} else if (l.startsWith('>')) {
			const body: string[] = [];
			while (i < lines.length && lines[i].startsWith('>')) body.push(lines[i++].replace(/^>\s?/, ''));
			out.push(`<blockquote>${inline(body.join(' '), value)}</blockquote>`);
		} else if (l.startsWith('|') && /^\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
			const row = (r: string) => r.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
			const head = row(l);
			i += 2;
			const body: string[][] = [];
			while (i < lines.length && lines[i].startsWith('|')) body.push(row(lines[i++]));
			out.push(
				`<table><thead><tr>${head.map((c) => `<th>${inline(c, value)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c, value)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
			);
		} else {
			const para: string[] = [l];
			i++;
			while (i < lines.length && lines[i].trim() && !isBlockStart(lines[i])) para.push(lines[i++]);
			out.push(`<p>${inline(para.join(' '), value)}</p>`);
		}
	}
	return out.join('\n');
}
