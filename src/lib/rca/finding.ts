// A data comparison's figures said in words: what was found, in the UI
// language, so a verdict never stands without its numbers. Pure.
import { fmtPValue } from '../format';
import { tf, type Lang } from '../i18n';
import { changePct, type Figures } from './compare';

const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const perDay = (x: number | null) => (x === null ? '—' : x.toFixed(x < 10 ? 2 : 1));

export function findingText(lang: Lang, f: Figures & { kind?: string }): string {
	const counts = { ac: f.a.count, ae: f.a.exposure, bc: f.b.count, be: f.b.exposure, p: fmtPValue(f.p) };
	if (f.kind === 'presence' || f.test === 'two_proportion_z') return tf(lang, 'finding.presence', { ...counts, a: share(f.a.rate), b: share(f.b.rate) });
	const pct = changePct(f);
	const move = pct === null ? tf(lang, 'finding.fromZero', {}) : Math.round(pct) === 0 ? tf(lang, 'finding.same', {}) : tf(lang, pct > 0 ? 'finding.rose' : 'finding.fell', { pct: Math.abs(Math.round(pct)) });
	return tf(lang, 'finding.change', { ...counts, a: perDay(f.a.rate), b: perDay(f.b.rate), move });
}
