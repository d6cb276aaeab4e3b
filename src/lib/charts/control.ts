// Control chart: the effect's value per period with its centre line and limits
// (which move per point — p-chart limits follow n, stages reset them), points
// breaking a Western Electric rule drawn red, stage starts as dashed rules.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import type { ControlPoint } from '../stats';
import { keyed } from './keyed';

const RULES: Record<number, Record<Lang, string>> = {
	1: { zh: '规则1：超出 3σ 控制限', en: 'Rule 1: a point beyond 3σ' },
	2: { zh: '规则2：连续 3 点中有 2 点在同侧 2σ 之外', en: 'Rule 2: 2 of 3 beyond 2σ on one side' },
	3: { zh: '规则3：连续 5 点中有 4 点在同侧 1σ 之外', en: 'Rule 3: 4 of 5 beyond 1σ on one side' },
	4: { zh: '规则4：连续 8 点在中心线同侧', en: 'Rule 4: 8 in a row on one side of the centre line' }
};

/** A Western Electric rule in words. */
export function violationText(rule: number, lang: Lang): string {
	return RULES[rule]?.[lang] ?? `${lang === 'zh' ? '规则' : 'Rule '}${rule}`;
}

export interface ControlChartOptions {
	lang: Lang;
	kind: 'p' | 'c' | 'imr';
	width?: number;
	height?: number;
	/** Periods where a new stage starts (an action's done date). */
	stages?: string[];
	/** A y-axis label instead of the kind's own. */
	title?: string;
}

type Limit = Pick<ControlPoint, 'period' | 'value' | 'cl' | 'ucl' | 'lcl' | 'violations'> & { n?: number };

export function controlChart(points: Limit[], opts: ControlChartOptions): Plot.PlotOptions {
	const zh = opts.lang === 'zh';
	const periods = points.map((p) => p.period);
	const drawn = points.filter((p) => Number.isFinite(p.value));
	// a period without a value (no tickets at all) breaks the lines: a gap, not a bridge
	const finite = (k: 'cl' | 'ucl' | 'lcl') => points.map((p) => ({ period: p.period, [k]: Number.isFinite(p.value) && Number.isFinite(p[k]) ? p[k] : NaN }));
	const share = opts.kind === 'p';
	const yLabel = opts.title ?? (share ? (zh ? '占比' : 'Share') : opts.kind === 'c' ? (zh ? '工单数' : 'Tickets') : zh ? '工单数（单值）' : 'Tickets (individuals)');
	const fmt = (v: number) => (share ? `${(v * 100).toFixed(2)}%` : v.toFixed(1));
	const title = (p: Limit) =>
		`${p.period}: ${fmt(p.value)}${p.n !== undefined ? ` (n = ${p.n})` : ''}\nCL ${fmt(p.cl)} · UCL ${fmt(p.ucl)} · LCL ${fmt(p.lcl)}` +
		(p.violations.length ? `\n${p.violations.map((r) => violationText(r, opts.lang)).join('\n')}` : '');
	const bad = drawn.filter((p) => p.violations.length > 0);
	const stages = (opts.stages ?? []).filter((s) => periods.includes(s));
	return {
		width: opts.width ?? 900,
		height: opts.height ?? 320,
		marginBottom: 60,
		marginLeft: 56,
		x: {
			type: 'point',
			domain: periods,
			label: null,
			tickRotate: -35,
			tickFormat: (p: string, i: number) => (periods.length > 26 && i % Math.ceil(periods.length / 13) ? '' : p)
		},
		y: { label: yLabel, grid: true, tickFormat: share ? (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%` : undefined },
		marks: [
			Plot.line(finite('ucl'), { x: 'period', y: 'ucl', curve: 'step', stroke: '#b42318', strokeDasharray: '4,3', strokeWidth: 1 }),
			Plot.line(finite('lcl'), { x: 'period', y: 'lcl', curve: 'step', stroke: '#b42318', strokeDasharray: '4,3', strokeWidth: 1 }),
			Plot.line(finite('cl'), { x: 'period', y: 'cl', curve: 'step', stroke: '#667085', strokeWidth: 1 }),
			Plot.ruleX(stages, { stroke: '#667085', strokeDasharray: '2,4' }),
			Plot.text(stages, { x: (d: string) => d, frameAnchor: 'top', dy: 4, text: () => (zh ? '改进后' : 'after'), fill: '#667085', fontSize: 10 }),
			Plot.line(points, { x: 'period', y: (p: Limit) => (Number.isFinite(p.value) ? p.value : NaN), stroke: '#2456c7', strokeWidth: 1.5 }),
			Plot.dot(drawn, {
				x: 'period',
				y: 'value',
				r: (p: Limit) => (p.violations.length ? 5 : 3),
				fill: (p: Limit) => (p.violations.length ? '#b42318' : '#2456c7'),
				stroke: 'white',
				title,
				render: keyed((i) => drawn[i].period)
			}),
			Plot.ruleY(share ? [0] : [])
		],
		// for tests and screen readers: which periods break a rule
		ariaDescription: bad.map((p) => p.period).join(' ')
	} as Plot.PlotOptions;
}
