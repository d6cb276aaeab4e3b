// The Ishikawa (fishbone) diagram of a case: the problem in a head box on the
// right, a spine, the bones (人机料法环测 or the case's own) alternating above and
// below, and on each bone its causes as an indented tree, each with its status
// mark and, when it has a Filter, the effect tickets it explains. Built as an SVG
// element tree: pages render it as elements (SvgTree.svelte); the .svg and .png
// exports serialise it, every text escaped. It carries its own fonts and colours.

import { el, escapeXml, svgString, type SvgChild, type SvgNode } from './svgtree';

export { escapeXml };

export type FishboneStatus = 'unverified' | 'verified' | 'refuted' | 'inconclusive';

export interface FishboneCause {
	id: number;
	bone: string;
	parentId: number | null;
	text: string;
	status: FishboneStatus;
	count?: number | null;
	share?: number | null;
}

export interface FishboneInput {
	problem: string;
	bones: { id: string; label: string }[];
	causes: FishboneCause[];
	lang: 'zh' | 'en';
	width?: number;
}

export interface Box {
	kind: 'cause' | 'bone' | 'head';
	id: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface FishboneLayout {
	root: SvgNode;
	width: number;
	height: number;
	boxes: Box[];
}

export interface Fishbone {
	svg: string;
	width: number;
	height: number;
	/** Where each text sits, for hit tests and for the no-overlap test. */
	boxes: Box[];
}

const FONT = "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const MARK: Record<FishboneStatus, { sign: string; colour: string }> = {
	verified: { sign: '✓', colour: '#1a7f37' },
	refuted: { sign: '✗', colour: '#b42318' },
	inconclusive: { sign: '?', colour: '#b54708' },
	unverified: { sign: '○', colour: '#667085' }
};
const STATUS_TEXT: Record<'zh' | 'en', Record<FishboneStatus, string>> = {
	zh: { verified: '已验证', refuted: '已否定', inconclusive: '无定论', unverified: '待验证' },
	en: { verified: 'verified', refuted: 'refuted', inconclusive: 'inconclusive', unverified: 'unverified' }
};

const ROW = 20; // one cause per row
const FONT_SIZE = 12;
const INDENT = 14; // per nesting level
const LABEL_H = 26; // bone label box
const HEAD_W = 210;
const MARGIN = 16;
const MIN_ROWS = 2; // an empty bone still has some length


/** Approximate rendered width: CJK and full-width characters are square, the rest about 0.6 em. */
export function textWidth(s: string, size = FONT_SIZE): number {
	let w = 0;
	for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? size : size * 0.6;
	return w;
}

/** Cut text to fit a width, with an ellipsis when cut. */
export function fitText(s: string, max: number, size = FONT_SIZE): string {
	if (textWidth(s, size) <= max) return s;
	let out = '';
	for (const ch of s) {
		if (textWidth(out + ch + '…', size) > max) break;
		out += ch;
	}
	return out + '…';
}

/** Wrap text into at most `lines` lines of a width (the last one cut with an ellipsis). */
function wrap(s: string, max: number, lines: number, size: number): string[] {
	const out: string[] = [];
	let line = '';
	const chars = [...s.replace(/\s+/g, ' ').trim()];
	for (let i = 0; i < chars.length; i++) {
		if (textWidth(line + chars[i], size) > max) {
			if (out.length === lines - 1) {
				out.push(fitText(line + chars.slice(i).join(''), max, size));
				return out;
			}
			// break at the last space when it keeps most of the line, else mid-word (CJK has no spaces)
			const sp = line.lastIndexOf(' ');
			if (sp > line.length / 2) {
				out.push(line.slice(0, sp));
				line = line.slice(sp + 1);
			} else {
				out.push(line);
				line = '';
			}
		}
		if (!(line === '' && chars[i] === ' ')) line += chars[i];
	}
	if (line || !out.length) out.push(line);
	return out;
}

interface Row {
	cause: FishboneCause;
	depth: number;
}

/** A bone's causes in tree order (depth-first, children after their parent). */
function rowsOf(bone: string, causes: FishboneCause[]): Row[] {
	const mine = causes.filter((c) => c.bone === bone);
	const ids = new Set(mine.map((c) => c.id));
	const kids = new Map<number | null, FishboneCause[]>();
	for (const c of mine) {
		const p = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
		kids.set(p, [...(kids.get(p) ?? []), c]);
	}
	const out: Row[] = [];
	const walk = (parent: number | null, depth: number) => {
		for (const c of kids.get(parent) ?? []) {
			out.push({ cause: c, depth });
			walk(c.id, depth + 1);
		}
	};
	walk(null, 0);
	return out;
}

function countText(c: FishboneCause): string {
	if (c.count === null || c.count === undefined) return '';
	const share = c.share === null || c.share === undefined ? '' : ` (${(c.share * 100).toFixed(c.share < 0.1 ? 1 : 0)}%)`;
	return ` · ${c.count}${share}`;
}

/** The diagram as an element tree (a page renders it), with its size and text boxes. */
export function fishboneLayout(input: FishboneInput): FishboneLayout {
	const width = Math.max(640, input.width ?? 1100);
	const bones = input.bones.length ? input.bones : [{ id: '', label: '' }];
	const above = bones.filter((_, i) => i % 2 === 0);
	const below = bones.filter((_, i) => i % 2 === 1);
	const cols = Math.max(above.length, below.length, 1);
	const colW = (width - 2 * MARGIN - HEAD_W - 24) / cols;
	const slant = Math.min(70, colW * 0.25);
	const rows = new Map(bones.map((b) => [b.id, rowsOf(b.id, input.causes)]));
	const half = (bs: typeof bones) => Math.max(MIN_ROWS, ...bs.map((b) => rows.get(b.id)!.length)) * ROW + 8;
	const upH = half(above);
	const downH = below.length ? half(below) : MIN_ROWS * ROW;
	const top = MARGIN + LABEL_H;
	const spineY = top + upH + 10;
	const bottom = spineY + 10 + downH;
	const height = r(bottom + LABEL_H + MARGIN);
	const spineEnd = width - MARGIN - HEAD_W;

	const parts: SvgChild[] = [];
	const boxes: Box[] = [];
	const text = (x: number, y: number, s: string, attrs: SvgNode['attrs']) => el('text', { x: r(x), y: r(y), ...attrs }, s);

	// the spine and the head
	parts.push(el('line', { x1: MARGIN, y1: r(spineY), x2: r(spineEnd), y2: r(spineY), stroke: '#344054', 'stroke-width': 3 }));
	parts.push(el('path', { d: `M${r(spineEnd - 12)},${r(spineY - 7)} L${r(spineEnd)},${r(spineY)} L${r(spineEnd - 12)},${r(spineY + 7)}`, fill: 'none', stroke: '#344054', 'stroke-width': 3 }));
	const headLines = wrap(input.problem || '—', HEAD_W - 24, 6, 14);
	const headH = Math.max(48, headLines.length * 19 + 18);
	const headX = spineEnd + 4;
	const headY = spineY - headH / 2;
	parts.push(
		el(
			'g',
			{ class: 'head' },
			el('title', {}, input.problem),
			el('rect', { x: r(headX), y: r(headY), width: HEAD_W - 4, height: r(headH), rx: 6, fill: '#fef3f2', stroke: '#b42318', 'stroke-width': 1.5 }),
			...headLines.map((l, i) => text(headX + 10, headY + 22 + i * 19, l, { 'font-size': 14, 'font-weight': 600, fill: '#101828' }))
		)
	);
	boxes.push({ kind: 'head', id: 'head', x: headX, y: headY, width: HEAD_W - 4, height: headH });

	const place = (bs: typeof bones, up: boolean) => {
		bs.forEach((b, i) => {
			const x0 = MARGIN + 8 + i * colW; // the bone's outer end
			const yOuter = up ? top : bottom;
			const xSpine = x0 + slant;
			const boneX = (y: number) => x0 + (slant * (yOuter - y)) / (yOuter - spineY);
			const label = fitText(b.label, colW - 16, 14);
			const lw = textWidth(label, 14) + 16;
			const ly = up ? yOuter - LABEL_H : yOuter;
			const bone: SvgChild[] = [
				el('line', { x1: r(x0), y1: r(yOuter), x2: r(xSpine), y2: r(spineY), stroke: '#475467', 'stroke-width': 2 }),
				el('rect', { x: r(x0 - 8), y: r(ly), width: r(lw), height: LABEL_H - 4, rx: 4, fill: '#eef4ff', stroke: '#3538cd' }),
				text(x0, ly + 16, label, { 'font-size': 14, 'font-weight': 600, fill: '#3538cd' })
			];
			boxes.push({ kind: 'bone', id: b.id, x: x0 - 8, y: ly, width: lw, height: LABEL_H - 4 });
			rows.get(b.id)!.forEach((row, k) => {
				const y = up ? top + 4 + k * ROW + ROW / 2 : spineY + 14 + k * ROW + ROW / 2;
				const bx = boneX(y);
				const tx = bx + 8 + row.depth * INDENT;
				const c = row.cause;
				const mark = MARK[c.status] ?? MARK.unverified;
				const suffix = countText(c);
				const room = x0 + colW - tx - 14 - textWidth(suffix, 11);
				const body = fitText(c.text, Math.max(room, 24));
				const w = 14 + textWidth(body) + textWidth(suffix, 11);
				bone.push(
					el(
						'g',
						{ class: 'cause', 'data-cause-id': c.id, 'data-status': c.status },
						el('title', {}, `${c.text} — ${STATUS_TEXT[input.lang][c.status] ?? c.status}${suffix}`),
						row.depth === 0
							? el('line', { x1: r(bx), y1: r(y), x2: r(tx - 2), y2: r(y), stroke: '#98a2b3' })
							: el('path', { d: `M${r(tx - INDENT + 2)},${r(y - ROW / 2 + 3)} V${r(y)} H${r(tx - 2)}`, fill: 'none', stroke: '#d0d5dd' }),
						text(tx, y + 4, mark.sign, { 'font-size': 12, 'font-weight': 700, fill: mark.colour }),
						el(
							'text',
							{ x: r(tx + 14), y: r(y + 4), 'font-size': row.depth ? 11.5 : 12, fill: c.status === 'refuted' ? '#667085' : '#101828', ...(c.status === 'refuted' ? { 'text-decoration': 'line-through' } : {}) },
							body,
							el('tspan', { 'font-size': 11, fill: '#475467' }, suffix)
						)
					)
				);
				boxes.push({ kind: 'cause', id: String(c.id), x: tx, y: y - ROW / 2 + 2, width: w, height: ROW - 4 });
			});
			parts.push(el('g', { class: 'bone', 'data-bone': b.id }, ...bone));
		});
	};
	place(above, true);
	place(below, false);

	const root = el(
		'svg',
		{ xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, 'font-family': FONT, role: 'img', 'aria-label': input.lang === 'zh' ? '鱼骨图' : 'Fishbone diagram' },
		el('rect', { width: '100%', height: '100%', fill: '#ffffff' }),
		...parts
	);
	return { root, width, height, boxes };
}

/** The diagram as one standalone SVG document (export, print), every text escaped. */
export function fishboneSvg(input: FishboneInput): Fishbone {
	const layout = fishboneLayout(input);
	return { svg: svgString(layout.root), width: layout.width, height: layout.height, boxes: layout.boxes };
}

const r = (v: number) => Math.round(v * 10) / 10;
