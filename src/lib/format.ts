// Numbers as the UI shows them, in the UI language.
import type { Lang } from './i18n';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

export const fmtInt = (lang: Lang, n: number | null | undefined) => (n === null || n === undefined ? '—' : Math.round(n).toLocaleString(locale(lang)));
export const fmtPct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`);
export const fmtNum = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** A change in percent with its arrow: ▲ 12.3% / ▼ 4.0% / — when there is no baseline. */
export function fmtChange(pct: number | null | undefined): string {
	if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
	if (pct === 0) return '0%';
	return `${pct > 0 ? '▲' : '▼'} ${Math.abs(pct).toFixed(1)}%`;
}

/** A p-value as people read it: < 0.001, or three decimals. */
export function fmtP(p: number | null | undefined): string {
	if (p === null || p === undefined || !Number.isFinite(p)) return '—';
	return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** A p-value with its sign, as a sentence says it: "p < 0.001", "p = 0.042" (never "p = < 0.001"). */
export function fmtPValue(p: number | null | undefined): string {
	if (p === null || p === undefined || !Number.isFinite(p)) return 'p = —';
	return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** A lift (ratio of shares) as people read it: 6.2, 15, 150. */
export function fmtLift(x: number | null | undefined): string {
	if (x === null || x === undefined || !Number.isFinite(x)) return '—';
	return x >= 10 ? Math.round(x).toString() : x.toFixed(1);
}
