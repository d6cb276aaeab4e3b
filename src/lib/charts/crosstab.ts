// Cross-tab heatmap: one cell per (row value, column value), coloured by count,
// labelled when there are few enough cells to read. weekdayHourChart is the
// 7 × 24 arrival pattern, every cell present.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import { keyed } from './keyed';

export interface Cell {
	row: string;
	col: string;
	count: number;
}

export interface CrosstabOptions {
	lang: Lang;
	rowLabel?: string | null;
	colLabel?: string | null;
	rowDomain?: string[];
	colDomain?: string[];
	rowFormat?: (v: string) => string;
	width?: number;
}

/** With both domains given, every (row, col) pair is present (0 when missing). */
export function completeCells(cells: Cell[], rows: string[], cols: string[]): Cell[] {
	const m = new Map(cells.map((c) => [`${c.row}\u0000${c.col}`, c.count]));
	return rows.flatMap((row) => cols.map((col) => ({ row, col, count: m.get(`${row}\u0000${col}`) ?? 0 })));
}

export function crosstabChart(cells: Cell[], opts: CrosstabOptions): Plot.PlotOptions {
	const data = opts.rowDomain && opts.colDomain ? completeCells(cells, opts.rowDomain, opts.colDomain) : cells;
	const rows = opts.rowDomain ?? [...new Set(data.map((c) => c.row))];
	const cols = opts.colDomain ?? [...new Set(data.map((c) => c.col))];
	const labelled = data.length <= 400;
	const max = Math.max(1, ...data.map((c) => c.count));
	return {
		width: opts.width ?? 900,
		height: Math.max(160, 26 * rows.length + 60),
		marginLeft: 70,
		padding: 0.05,
		x: { domain: cols, label: opts.colLabel ?? null, axis: 'top' },
		y: { domain: rows, label: opts.rowLabel ?? null, tickFormat: opts.rowFormat },
		color: { type: 'linear', scheme: 'blues', legend: true, label: opts.lang === 'zh' ? '工单数' : 'Tickets', domain: [0, max] },
		marks: [
			Plot.cell(data, {
				x: 'col',
				y: 'row',
				fill: 'count',
				inset: 0.5,
				title: (c: Cell) => `${opts.rowFormat ? opts.rowFormat(c.row) : c.row} · ${c.col}: ${c.count}`,
				render: keyed((i) => `${data[i].row}|${data[i].col}`)
			}),
			...(labelled
				? [
						Plot.text(
							data.filter((c) => c.count > 0),
							{ x: 'col', y: 'row', text: (c: Cell) => String(c.count), fill: (c: Cell) => (c.count > 0.55 * max ? 'white' : 'black'), fontSize: 9, pointerEvents: 'none' } as Plot.TextOptions
						)
					]
				: [])
		]
	};
}

const WEEKDAYS = { zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] };
export const WEEKDAY_KEYS = ['1', '2', '3', '4', '5', '6', '7'];
export const HOUR_KEYS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

export function weekdayHourChart(cells: { weekday: string; hour: string; count: number }[], opts: { lang: Lang; width?: number }): Plot.PlotOptions {
	return crosstabChart(
		cells.map((c) => ({ row: c.weekday, col: c.hour, count: c.count })),
		{
			lang: opts.lang,
			width: opts.width,
			rowDomain: WEEKDAY_KEYS,
			colDomain: HOUR_KEYS,
			rowFormat: (d) => WEEKDAYS[opts.lang][Number(d) - 1] ?? d,
			colLabel: opts.lang === 'zh' ? '小时' : 'Hour'
		}
	);
}
