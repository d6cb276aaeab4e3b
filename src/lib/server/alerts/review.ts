// The weekly review, delivered: a review rule's notebook (default
// notebooks/weekly-review.md) rendered for the last full week, sent as HTML by
// e-mail (body and attachment) and as a summary card with a link to chat
// destinations. Once per rule and week: schedule_state remembers the week sent.
import { fmtChange } from '../../format';
import { tf } from '../../i18n';
import type { AlertMessage } from '../../alerts/message';
import type { Store } from '../db';
import { BadRequest } from '../errors';
import { workspaceTz } from '../ingest/importer';
import { notebookHtml } from '../notebooks/html';
import { notebookSource, runNotebook } from '../notebooks/run';
import { linkTo, sendToRule, type Delivered } from './evaluate';
import { bindDataset, getRule, listRules, type Rule } from './rules';
import { defaultDataset } from '../datasets';

export const stateKey = (ruleId: number) => `review:${ruleId}`;

export async function getState(store: Store, name: string): Promise<string | null> {
	return ((await store.one<{ value: string }>('SELECT value FROM schedule_state WHERE name = $name', { name }))?.value as string) ?? null;
}

export async function setState(store: Store, name: string, value: string): Promise<void> {
	await store.write((s) => s.run('INSERT OR REPLACE INTO schedule_state (name, value, updated_at) VALUES ($name, $value, timezone($tz, now()))', { name, value, tz: workspaceTz() }));
}

/** The summary a chat card carries: volume against the week before, the most frequent subcategory, the week's spike alerts. */
async function summary(store: Store, rule: Rule, from: string, to: string): Promise<string[]> {
	const v = await store.one<{ n: number; prev: number }>(
		`SELECT count(*) FILTER (WHERE created_at::DATE BETWEEN $from::DATE AND $to::DATE) AS n,
			count(*) FILTER (WHERE created_at::DATE BETWEEN $from::DATE - 7 AND $from::DATE - 1) AS prev
		 FROM tickets WHERE dataset_id = $ds AND created_at::DATE BETWEEN $from::DATE - 7 AND $to::DATE`,
		{ from, to, ds: rule.datasetId }
	);
	const top = await store.one<{ key: string; n: number }>(
		`SELECT coalesce(subcategory, '(空)') AS key, count(*) AS n FROM tickets WHERE dataset_id = $ds AND created_at::DATE BETWEEN $from::DATE AND $to::DATE GROUP BY 1 ORDER BY n DESC, key LIMIT 1`,
		{ from, to, ds: rule.datasetId }
	);
	const alerts = await store.one<{ n: number }>(`SELECT count(*) AS n FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE r.dataset_id = $ds AND a.period BETWEEN $from::DATE AND $to::DATE`, { from, to, ds: rule.datasetId });
	const n = Number(v?.n ?? 0);
	const prev = Number(v?.prev ?? 0);
	const lines = [tf(rule.lang, 'alert.reviewTickets', { n, prev, change: prev ? fmtChange(((n - prev) / prev) * 100) : '—' })];
	if (top) lines.push(tf(rule.lang, 'alert.reviewTop', { key: top.key, n: Number(top.n) }));
	lines.push(tf(rule.lang, 'alert.reviewAlerts', { n: Number(alerts?.n ?? 0) }));
	return lines;
}

export interface ReviewResult {
	ruleId: number;
	week: string | null;
	sent: boolean;
	delivered: Delivered[];
}

/** Render and send one review rule. Skips a week already sent unless `force` (the test button). */
export async function sendReview(store: Store, rule: Rule, opts: { week?: string; force?: boolean } = {}): Promise<ReviewResult> {
	let source: string;
	try {
		source = notebookSource(rule.notebook ?? 'weekly-review');
	} catch {
		throw new BadRequest(`There is no notebook ${rule.notebook}.`);
	}
	if (rule.datasetId === null) {
		const d = await defaultDataset(store);
		if (!d) return { ruleId: rule.id, week: null, sent: false, delivered: [] };
		rule = await bindDataset(store, rule, d.id);
	}
	const nb = await runNotebook(store, source, { overrides: { week: opts.week ?? 'last' }, lang: rule.lang, filter: { dims: {}, dataset: String(rule.datasetId) } });
	const m = /^(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})$/.exec(nb.params.window ?? '');
	if (!m) return { ruleId: rule.id, week: null, sent: false, delivered: [] };
	const [, from, to] = m;
	if (!opts.force && (await getState(store, stateKey(rule.id))) === from) return { ruleId: rule.id, week: from, sent: false, delivered: [] };
	const html = notebookHtml(nb, rule.lang);
	const lines = await summary(store, rule, from, to);
	const message: AlertMessage = {
		title: `${tf(rule.lang, 'alert.reviewTitle', { week: `${from} – ${to}` })} · ${rule.name}`,
		lines,
		details: lines.map(() => ''),
		link: linkTo(`/notebooks/${rule.notebook ?? 'weekly-review'}?dataset=${rule.datasetId}&week=${from}`),
		linkLabel: tf(rule.lang, 'alert.reviewOpen', {}),
		data: { type: 'review', rule: { id: rule.id, name: rule.name }, week: { from, to }, notebook: rule.notebook, summary: lines }
	};
	const delivered = await sendToRule(store, rule, { message, lang: rule.lang, html, attachments: [{ filename: `${rule.notebook ?? 'weekly-review'}-${from}.html`, content: html, contentType: 'text/html; charset=utf-8' }] }, 'review');
	// a week counts as sent when any destination took it (a broken one does not make the others repeat it)
	if (!opts.force && delivered.some((d) => d.ok)) await setState(store, stateKey(rule.id), from);
	return { ruleId: rule.id, week: from, sent: true, delivered };
}

export async function sendReviews(store: Store): Promise<ReviewResult[]> {
	const out: ReviewResult[] = [];
	for (const rule of await listRules(store, 'review')) {
		if (!rule.enabled) continue;
		try {
			out.push(await sendReview(store, rule));
		} catch (e) {
			console.error(`causeway: weekly review ${rule.id} failed: ${(e as Error).message.split('\n')[0]}`);
		}
	}
	return out;
}

export async function testReview(store: Store, id: number) {
	return sendReview(store, await getRule(store, id), { force: true });
}
