// What an alert says, in the dataset's language and the seeds' style
// ("2024-04-08 周 支付失败 42 张，较基线上升 310%（p < 0.001）"), and how each
// destination wants it: 企业微信 / 钉钉 markdown, 飞书 interactive card, Slack
// blocks, a generic JSON webhook, an e-mail. Pure: signing and sending are the
// server's (src/lib/server/alerts/deliver.ts).
import { tf, valueLabel, t, type Lang } from '../i18n';
import type { AlertGrain, Finding } from './detect';

export interface AlertMessage {
	title: string;
	/** One sentence per alert, the measurable problem. */
	lines: string[];
	/** The baseline each line was measured against (same order). */
	details: string[];
	link: string | null;
	linkLabel: string;
	/** Machine-readable, for the generic webhook. */
	data: Record<string, unknown>;
}

export interface RuleContext {
	id: number;
	name: string;
	/** The Filter's own label ("支付失败 · APP"), '' when the rule watches everything. */
	filterLabel: string;
	dim: string | null;
	grain: AlertGrain;
	lang: Lang;
}

/** Lines in one chat message before "and N more". */
export const MAX_LINES = 10;

export function weekdayOf(day: string): number {
	return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

export function periodText(period: string, grain: AlertGrain, lang: Lang): string {
	return grain === 'week' ? tf(lang, 'alert.periodWeek', { d: period }) : tf(lang, 'alert.periodDay', { d: period, wd: valueLabel(lang, 'weekday', String(weekdayOf(period))) });
}

export function pText(p: number): string {
	return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}

/** What the line is about: the rule's Filter and the split value. */
export function subject(rule: RuleContext, key: string): string {
	const parts = [rule.filterLabel, rule.dim ? valueLabel(rule.lang, rule.dim, key) : ''].filter(Boolean);
	return parts.join(' · ') || t(rule.lang, 'alert.all');
}

export function alertLine(rule: RuleContext, f: Pick<Finding, 'period' | 'key' | 'count' | 'baseline' | 'changePct' | 'p'>): string {
	const values = { period: periodText(f.period, rule.grain, rule.lang), what: subject(rule, f.key), count: f.count, p: pText(f.p) };
	if (f.changePct === null || !Number.isFinite(f.changePct)) return tf(rule.lang, 'alert.msgNew', values);
	return tf(rule.lang, 'alert.msg', { ...values, pct: Math.round(f.changePct) });
}

export function baselineLine(rule: RuleContext, f: Pick<Finding, 'period' | 'baseline' | 'history'>): string {
	const b = f.baseline.toFixed(1);
	if (rule.grain === 'week') return tf(rule.lang, 'alert.baselineWeek', { n: f.history, b });
	return tf(rule.lang, 'alert.baselineDay', { n: f.history, b, wd: valueLabel(rule.lang, 'weekday', String(weekdayOf(f.period))) });
}

export interface FiredAlert extends Finding {
	id: number;
}

export function alertMessage(rule: RuleContext, alerts: FiredAlert[], link: string | null): AlertMessage {
	return {
		title: tf(rule.lang, 'alert.title', { name: rule.name }),
		lines: alerts.map((a) => alertLine(rule, a)),
		details: alerts.map((a) => baselineLine(rule, a)),
		link,
		linkLabel: t(rule.lang, 'alert.open'),
		data: {
			type: 'spike',
			rule: { id: rule.id, name: rule.name, dim: rule.dim, grain: rule.grain },
			alerts: alerts.map((a) => ({ id: a.id, key: a.key, period: a.period, count: a.count, baseline: a.baseline, changePct: a.changePct, p: a.p }))
		}
	};
}

// ---------------------------------------------------------------------------
// Each service's own format
// ---------------------------------------------------------------------------

/**
 * Ticket values inside chat markdown: no markup of theirs survives (a value
 * "[点我](http://…)" or "<font …>" stays text). Markdown punctuation is
 * backslash-escaped; angle brackets become their full-width forms (企业微信
 * reads <font> tags and has no escape).
 */
export function mdText(s: string): string {
	return s.replace(/[<>]/g, (c) => (c === '<' ? '＜' : '＞')).replace(/([\\`*_[\]()#|~])/g, '\\$1');
}

function shown(m: AlertMessage): { lines: string[]; more: number } {
	return { lines: m.lines.slice(0, MAX_LINES), more: Math.max(0, m.lines.length - MAX_LINES) };
}

function markdownBody(m: AlertMessage, lang: Lang, heading: string): string {
	const { lines, more } = shown(m);
	const out = [`${heading} ${mdText(m.title)}`, ''];
	lines.forEach((l, i) => out.push(`> ${mdText(l)}`, `> ${mdText(m.details[i] ?? '')}`, ''));
	if (more) out.push(tf(lang, 'alert.more', { n: more }), '');
	if (m.link) out.push(`[${mdText(m.linkLabel)}](${m.link})`);
	return out.join('\n').trim();
}

/** 企业微信 group robot: msgtype markdown, content ≤ 4096 bytes. */
export function wecomBody(m: AlertMessage, lang: Lang): unknown {
	let content = markdownBody(m, lang, '###');
	while (new TextEncoder().encode(content).length > 4096 && content.length > 100) content = content.slice(0, content.length - 200) + '…';
	return { msgtype: 'markdown', markdown: { content } };
}

/** 钉钉 custom robot: msgtype markdown with a title (shown in the notification). */
export function dingtalkBody(m: AlertMessage, lang: Lang): unknown {
	return { msgtype: 'markdown', markdown: { title: m.title, text: markdownBody(m, lang, '###') } };
}

/** 飞书 custom bot: an interactive card (header, markdown, a button to the link). Signing adds timestamp and sign. */
export function feishuBody(m: AlertMessage, lang: Lang): Record<string, unknown> {
	const { lines, more } = shown(m);
	const md = lines.map((l, i) => `**${mdText(l)}**\n${mdText(m.details[i] ?? '')}`).join('\n\n') + (more ? `\n\n${tf(lang, 'alert.more', { n: more })}` : '');
	const elements: unknown[] = [{ tag: 'markdown', content: md }];
	if (m.link) elements.push({ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: m.linkLabel }, type: 'primary', url: m.link }] });
	return { msg_type: 'interactive', card: { config: { wide_screen_mode: true }, header: { title: { tag: 'plain_text', content: m.title }, template: 'red' }, elements } };
}

/** Slack text escaping: &, <, > (the only characters Slack asks to escape). */
export function slackText(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack-compatible incoming webhook: text (the notification fallback) and Block Kit blocks. */
export function slackBody(m: AlertMessage, lang: Lang): unknown {
	const { lines, more } = shown(m);
	const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150) } }];
	lines.forEach((l, i) => blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${slackText(l)}*\n${slackText(m.details[i] ?? '')}` } }));
	if (more) blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: tf(lang, 'alert.more', { n: more }) }] });
	if (m.link) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${m.link}|${slackText(m.linkLabel)}>` } });
	return { text: slackText(`${m.title}: ${m.lines[0] ?? ''}`), blocks };
}

/** The generic webhook: our own JSON, signed with X-Causeway-Signature. */
export function webhookBody(m: AlertMessage): unknown {
	return { title: m.title, lines: m.lines, details: m.details, link: m.link, ...m.data };
}

/** Plain text and HTML for an e-mail (every value escaped in the HTML). */
export function emailBody(m: AlertMessage, lang: Lang): { subject: string; text: string; html: string } {
	const text = [...m.lines.flatMap((l, i) => [l, `  ${m.details[i] ?? ''}`]), '', m.link ? `${m.linkLabel}: ${m.link}` : ''].join('\n').trim();
	const items = m.lines.map((l, i) => `<li><strong>${escapeHtml(l)}</strong><br><span style="color:#555">${escapeHtml(m.details[i] ?? '')}</span></li>`).join('');
	const html = `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><meta charset="utf-8"><body style="font-family:sans-serif"><h2>${escapeHtml(m.title)}</h2><ul>${items}</ul>${m.link ? `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.linkLabel)}</a></p>` : ''}</body></html>`;
	return { subject: m.title, text, html };
}

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
