// A notebook chart cell's spec → Observable Plot options, over a named SQL result.
//   {data: top, mark: barX, x: n, y: subcategory, sort: {y: "-x"}}
//   {data: weekly, marks: [{mark: lineY, x: week, y: n}, {mark: dot, x: week, y: n}]}
//   {chart: pareto, data: top, key: subcategory, count: n}
//   {chart: trend, data: weekly, period: week, count: n, key?: channel}
//   {chart: control, data: weekly, kind: p|c|imr, period: week, count: n, total?: all}
// Marks are an allow-list; channels must name columns of the result (or be a
// constant colour); nothing in a spec is evaluated.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import { pareto, pChart, cChart, imrChart } from '../stats';
import { paretoChart } from '../charts/pareto';
import { trendChart } from '../charts/trend';
import { controlChart } from '../charts/control';
import type { ChartSpec, SpecValue } from './parse';

type Rows = Record<string, unknown>[];

const MARKS = {
	barX: Plot.barX,
	barY: Plot.barY,
	line: Plot.line,
	lineX: Plot.lineX,
	lineY: Plot.lineY,
	area: Plot.area,
	areaX: Plot.areaX,
	areaY: Plot.areaY,
	dot: Plot.dot,
	dotX: Plot.dotX,
	dotY: Plot.dotY,
	ruleX: Plot.ruleX,
	ruleY: Plot.ruleY,
	cell: Plot.cell,
	text: Plot.text,
	tickX: Plot.tickX,
	tickY: Plot.tickY
} as const;
type MarkName = keyof typeof MARKS;

const CHANNELS = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'fill', 'stroke', 'text', 'r', 'fx', 'fy', 'z', 'title'];
const MARK_OPTIONS = ['sort', 'fillOpacity', 'strokeWidth', 'curve', 'dx', 'dy', 'fontSize', 'textAnchor', 'inset', 'insetLeft', 'insetRight', 'lineAnchor', 'frameAnchor'];
const PLOT_OPTIONS = ['width', 'height', 'marginLeft', 'marginRight', 'marginTop', 'marginBottom', 'grid'];
const COLOUR = /^(#[0-9a-f]{3,8}|[a-z]+|rgb\(.*\)|hsl\(.*\))$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

export class ChartSpecError extends Error {}

/** Columns holding only ISO dates/timestamps become Dates, so time axes are time axes. */
export function withDates(rows: Rows): Rows {
	if (!rows.length) return rows;
	const dateCols = Object.keys(rows[0]).filter((k) => rows.some((r) => r[k] !== null) && rows.every((r) => r[k] === null || (typeof r[k] === 'string' && ISO_DAY.test(r[k] as string))));
	if (!dateCols.length) return rows;
	return rows.map((r) => {
		const o = { ...r };
		for (const k of dateCols) if (o[k] !== null) o[k] = new Date(`${(o[k] as string).length === 10 ? `${o[k]}T00:00:00` : o[k]}Z`);
		return o;
	});
}

function column(spec: ChartSpec, key: string, columns: string[], name: string, required = true): string | undefined {
	const v = spec[key];
	if (v === undefined || v === null) {
		if (required) throw new ChartSpecError(`chart: ${key} is required (a column of ${name}: ${columns.join(', ')})`);
		return undefined;
	}
	if (typeof v !== 'string' || !columns.includes(v)) throw new ChartSpecError(`chart: ${key}: "${String(v)}" is not a column of ${name} (${columns.join(', ')})`);
	return v;
}

function markOf(spec: { [k: string]: SpecValue }, rows: Rows, columns: string[], name: string) {
	const mark = spec.mark;
	if (typeof mark !== 'string' || !(mark in MARKS)) throw new ChartSpecError(`chart: mark is one of ${Object.keys(MARKS).join(', ')}${mark ? `, not "${String(mark)}"` : ''}`);
	const opts: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(spec)) {
		if (k === 'mark' || k === 'data' || PLOT_OPTIONS.includes(k) || k === 'marks' || k === 'xLabel' || k === 'yLabel' || k === 'colorScheme' || k === 'legend') continue;
		if (CHANNELS.includes(k)) {
			if (typeof v === 'string' && !columns.includes(v)) {
				if ((k === 'fill' || k === 'stroke') && COLOUR.test(v)) opts[k] = v;
				else throw new ChartSpecError(`chart: ${k}: "${v}" is not a column of ${name} (${columns.join(', ')})`);
			} else opts[k] = v;
		} else if (MARK_OPTIONS.includes(k)) {
			if (k === 'sort' && typeof v === 'string') opts.sort = mark.endsWith('X') ? { y: v } : { x: v };
			else opts[k] = v;
		} else throw new ChartSpecError(`chart: unknown option "${k}"`);
	}
	return (MARKS[mark as MarkName] as (data: Rows, o: Record<string, unknown>) => Plot.Markish)(rows, opts);
}

/** Plot options for a chart cell, given the results so far. */
export function chartOptions(spec: ChartSpec, results: Record<string, Rows>, lang: Lang): Plot.PlotOptions {
	const name = spec.data;
	if (typeof name !== 'string') throw new ChartSpecError('chart: data names the sql cell to draw (data: top_subcategories)');
	if (!(name in results)) throw new ChartSpecError(`chart: no result named ${name} (results: ${Object.keys(results).join(', ') || 'none'})`);
	const raw = results[name];
	if (!raw.length) throw new ChartSpecError(`${name} has no rows to draw`);
	const columns = raw.length ? Object.keys(raw[0]) : [];
	const width = typeof spec.width === 'number' ? spec.width : 860;
	if (spec.chart !== undefined) {
		const num = (r: Record<string, unknown>, k: string) => Number(r[k] ?? 0);
		if (spec.chart === 'pareto') {
			const key = column(spec, 'key', columns, name)!;
			const count = column(spec, 'count', columns, name)!;
			const p = pareto(raw.map((r) => ({ key: String(r[key] ?? '(空)'), count: num(r, count) })), { maxBars: typeof spec.top === 'number' ? spec.top : 20 });
			return paretoChart(p.rows, { lang, width });
		}
		if (spec.chart === 'trend') {
			const period = column(spec, 'period', columns, name)!;
			const count = column(spec, 'count', columns, name)!;
			const key = column(spec, 'key', columns, name, false);
			const rows = raw.map((r) => ({ period: String(r[period]).slice(0, 10), count: num(r, count), ...(key ? { key: String(r[key] ?? '(空)') } : {}) }));
			// stack every period in the same order: the largest value overall at the bottom
			const totals = new Map<string, number>();
			for (const r of rows) if (r.key !== undefined) totals.set(r.key, (totals.get(r.key) ?? 0) + r.count);
			const rank = (k?: string) => -(totals.get(k ?? '') ?? 0);
			rows.sort((a, b) => a.period.localeCompare(b.period) || rank(a.key) - rank(b.key) || String(a.key).localeCompare(String(b.key)));
			return trendChart(rows, { lang, width });
		}
		if (spec.chart === 'control') {
			const kind = spec.kind ?? 'c';
			if (kind !== 'p' && kind !== 'c' && kind !== 'imr') throw new ChartSpecError('chart: kind is p, c or imr');
			const period = column(spec, 'period', columns, name)!;
			const count = column(spec, 'count', columns, name)!;
			const total = column(spec, 'total', columns, name, kind === 'p');
			const pts = raw.map((r) => ({ period: String(r[period]).slice(0, 10), count: num(r, count), n: total ? num(r, total) : 0, value: num(r, count) }));
			const out = kind === 'p' ? pChart(pts, { laney: spec.laney === true }).points : kind === 'c' ? cChart(pts).points : imrChart(pts).points;
			return controlChart(out, { lang, kind, width, height: typeof spec.height === 'number' ? spec.height : 260 });
		}
		throw new ChartSpecError(`chart: our charts are pareto, trend and control, not "${String(spec.chart)}"`);
	}
	const rows = withDates(raw);
	const specs = Array.isArray(spec.marks) ? (spec.marks as { [k: string]: SpecValue }[]) : [spec];
	if (!specs.length) throw new ChartSpecError('chart: marks is empty');
	const marks = specs.map((m) => {
		if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new ChartSpecError('chart: each of marks is an object {mark: …, x: …}');
		return markOf(m, rows, columns, name);
	});
	const options: Plot.PlotOptions = { width, marks };
	for (const k of PLOT_OPTIONS) if (spec[k] !== undefined) (options as Record<string, unknown>)[k] = spec[k];
	if (spec.xLabel !== undefined) options.x = { label: spec.xLabel as string };
	if (spec.yLabel !== undefined) options.y = { label: spec.yLabel as string };
	options.color = { legend: spec.legend === true, ...(typeof spec.colorScheme === 'string' ? { scheme: spec.colorScheme as Plot.ColorScheme } : {}) };
	// a horizontal bar chart of long category names needs room on the left
	if (spec.marginLeft === undefined && specs.some((m) => m.mark === 'barX' && typeof m.y === 'string')) {
		const y = specs.find((m) => m.mark === 'barX')!.y as string;
		const longest = Math.max(0, ...rows.map((r) => [...String(r[y] ?? '')].length));
		options.marginLeft = Math.min(220, 16 + longest * 12);
	}
	return options;
}
