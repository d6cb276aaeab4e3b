// A new case's first draft from a chart: a title and a measurable problem
// statement in the seeds' style ("2024年4月 支付失败 较上月上升 X%"), the
// baseline window (the period of the same kind just before). Pure.
import type { Filter } from '../filters';

export interface DraftWindow {
	from: string;
	to: string;
}

const addDays = (day: string, n: number) => {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
};
const days = (w: DraftWindow) => Math.round((Date.parse(w.to) - Date.parse(w.from)) / 86400000) + 1;

/** A whole calendar month? */
export function isMonth(w: DraftWindow): boolean {
	return w.from.endsWith('-01') && addDays(w.to, 1).endsWith('-01') && w.from.slice(0, 7) === w.to.slice(0, 7);
}

/** The window of the same kind before: the previous calendar month, else the same number of days. */
export function baselineFor(w: DraftWindow): DraftWindow {
	if (isMonth(w)) {
		const prevLast = addDays(w.from, -1);
		return { from: `${prevLast.slice(0, 7)}-01`, to: prevLast };
	}
	return { from: addDays(w.from, -days(w)), to: addDays(w.from, -1) };
}

export function windowLabel(w: DraftWindow, lang: 'zh' | 'en' = 'zh'): string {
	if (isMonth(w)) return lang === 'zh' ? `${w.from.slice(0, 4)}年${Number(w.from.slice(5, 7))}月` : w.from.slice(0, 7);
	if (w.from === w.to) return w.from;
	return `${w.from} – ${w.to}`;
}

export function effectLabel(f: Filter, lang: 'zh' | 'en' = 'zh'): string {
	const parts = Object.values(f.dims).map((v) => v.join('/'));
	if (f.q) parts.push(`“${f.q}”`);
	return parts.join(' · ') || (lang === 'zh' ? '全部工单' : 'all tickets');
}

/** A new case's title: the window, the effect, and that it is an investigation of a rise. */
export function draftTitle(f: Filter, w: DraftWindow, lang: 'zh' | 'en' = 'zh'): string {
	return lang === 'zh' ? `${windowLabel(w)} ${effectLabel(f)} 上升调查` : `${effectLabel(f, 'en')} rise, ${windowLabel(w, 'en')}`;
}

/**
 * The problem statement: the window's count against the baseline's, as a change
 * in per-day rate when the windows differ in length (a 31-day month against 30).
 */
export function problemStatement(f: Filter, w: DraftWindow, b: DraftWindow, counts: { window: number; baseline: number }, lang: 'zh' | 'en' = 'zh'): string {
	const rateW = counts.window / days(w);
	const rateB = counts.baseline / days(b);
	const pct = counts.baseline === 0 ? null : Math.round(((rateW - rateB) / rateB) * 100);
	if (lang === 'en') {
		const head = `${effectLabel(f, 'en')} in ${windowLabel(w, 'en')}`;
		if (pct === null) return `${head}: ${counts.window} tickets (none in the period before)`;
		const than = isMonth(w) ? 'the month before' : 'the period before';
		return `${head}: ${pct >= 0 ? `up ${pct}%` : `down ${-pct}%`} on ${than} (${counts.window} tickets, ${counts.baseline} before)`;
	}
	const than = isMonth(w) ? '较上月' : '较上期';
	const head = `${windowLabel(w)} ${effectLabel(f)}`;
	if (pct === null) return `${head} 共 ${counts.window} 张工单（上期为 0）`;
	const move = pct >= 0 ? `上升${pct}%` : `下降${-pct}%`;
	return `${head} ${than}${move}（${counts.window} 张，上期 ${counts.baseline} 张）`;
}
