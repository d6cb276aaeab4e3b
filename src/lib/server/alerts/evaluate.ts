// Evaluating the spike rules: the rule's counts per period and key, the periods
// the dataset covers, detectAlerts (src/lib/alerts/detect.ts), then each new
// (rule, key, period) stored once — the table's UNIQUE key decides, so an import
// hook and the schedule racing, or the same import twice, store and send it
// once — and the new ones sent to the rule's destinations in one message.
import { NULL_VALUE, parseFilterQuery, filterToQuery, type Filter } from '../../filters';
import { detectAlerts, periodOf, type Finding } from '../../alerts/detect';
import { alertMessage, alertLine, type FiredAlert, type RuleContext } from '../../alerts/message';
import { effectLabel } from '../../rca/draft';
import { tf } from '../../i18n';
import { periodWindow } from '../../periods';
import type { Store } from '../db';
import { Mutex } from '../db/lock';
import { NotFound } from '../errors';
import { compile, dimensionSql, scopeFor } from '../analytics/scope';
import { workspaceTz } from '../ingest/importer';
import { alertConfig } from './config';
import { deliver, type Outgoing } from './deliver';
import { bindDataset, getRule, listRules, type Destination, type Rule } from './rules';
import { defaultDataset } from '../datasets';

const evaluating = new Mutex();

export function ruleContext(rule: Rule): RuleContext {
	const f = parseFilterQuery(rule.filter);
	const label = Object.keys(f.dims).length || f.q ? effectLabel(f) : '';
	return { id: rule.id, name: rule.name, filterLabel: label, dim: rule.dim, grain: rule.grain, lang: rule.lang };
}

/** Where a message's link points: the alert on the alerts page (absolute with CAUSEWAY_PUBLIC_URL or ORIGIN). */
export function linkTo(path: string): string | null {
	const base = alertConfig().publicUrl ?? (process.env.ORIGIN ? process.env.ORIGIN.replace(/\/+$/, '') : null);
	return base ? `${base}${path}` : null;
}

/** The Filter of one alert's tickets: the rule's Filter, the key, the period's days. */
export function alertFilter(rule: Pick<Rule, 'filter' | 'dim' | 'grain' | 'datasetId'>, key: string, period: string): Filter {
	const f = parseFilterQuery(rule.filter);
	const dims = rule.dim ? { ...f.dims, [rule.dim]: [key] } : f.dims;
	return { ...f, ...(rule.datasetId !== null ? { dataset: String(rule.datasetId) } : {}), dims, ...periodWindow(period, rule.grain) };
}

/** What the rule would alert on now (nothing stored). */
export async function findings(store: Store, rule: Rule): Promise<Finding[]> {
	if (rule.datasetId === null) return [];
	const scope = await scopeFor(store, { id: rule.datasetId });
	const c = compile(scope, parseFilterQuery(rule.filter));
	const d = rule.dim ? dimensionSql(scope, rule.dim) : null;
	const trunc = `date_trunc('${rule.grain === 'day' ? 'day' : 'week'}', created_at)`;
	const rows = await store.all<{ period: string; key: string; count: number }>(
		`SELECT strftime(p, '%Y-%m-%d') AS period, key, n AS count FROM (
			SELECT ${trunc} AS p, ${d ? `coalesce(${d.sql}, $nullv)` : "''"} AS key, count(*) AS n FROM tickets WHERE ${c.where} GROUP BY 1, 2)`,
		{ ...c.params, ...(d?.params ?? {}), nullv: NULL_VALUE }
	);
	const present = await store.all<{ period: string }>(`SELECT DISTINCT strftime(${trunc}, '%Y-%m-%d') AS period FROM tickets WHERE dataset_id = $ds`, { ds: rule.datasetId });
	return detectAlerts({
		grain: rule.grain,
		present: present.map((r) => String(r.period)),
		rows: rows.map((r) => ({ period: String(r.period), key: String(r.key), count: Number(r.count) })),
		thresholds: { p: rule.p, minCount: rule.minCount, minRisePct: rule.minRisePct },
		since: rule.since ? periodOf(rule.since, rule.grain) : null
	});
}

export interface Delivered {
	destinationId: string;
	kind: string;
	ok: boolean;
	error?: string;
}

/** Send one message to every destination of a rule and record each outcome (for each alert it carries, or once for a test/review). */
export async function sendToRule(store: Store, rule: Rule, out: Outgoing, purpose: 'alert' | 'test' | 'review', alertIds: number[] = [], only?: Destination[]): Promise<Delivered[]> {
	const results = await Promise.all(
		(only ?? rule.destinations).map(async (d) => {
			const r = await deliver(d, out);
			return { destinationId: d.id, kind: d.kind, ok: r.ok, ...(r.error ? { error: r.error } : {}), attempts: r.attempts };
		})
	);
	await store.write(async (s) => {
		for (const r of results)
			for (const alertId of alertIds.length ? alertIds : [null])
				await s.run(
					`INSERT INTO deliveries (rule_id, alert_id, purpose, destination_id, kind, ok, error, attempts, sent_at) VALUES ($rule, $alert, $purpose, $dest, $kind, $ok, $error, $attempts, timezone($tz, now()))`,
					{ rule: rule.id, alert: alertId, purpose, dest: r.destinationId, kind: r.kind, ok: r.ok, error: r.error ?? null, attempts: r.attempts, tz: workspaceTz() }
				);
	});
	return results.map(({ attempts: _a, ...r }) => r);
}

export interface EvaluationResult {
	ruleId: number;
	fired: number;
	delivered: Delivered[];
}

/** Evaluate one rule: store what is new, send it. */
export async function evaluateRule(store: Store, rule: Rule): Promise<EvaluationResult> {
	if (rule.datasetId === null) {
		const d = await defaultDataset(store);
		if (!d) return { ruleId: rule.id, fired: 0, delivered: [] };
		rule = await bindDataset(store, rule, d.id);
	}
	const found = await findings(store, rule);
	if (!found.length) return { ruleId: rule.id, fired: 0, delivered: [] };
	const fresh: FiredAlert[] = await store.write(async (s) => {
		const out: FiredAlert[] = [];
		for (const f of found) {
			const r = await s.one<{ id: number }>(
				`INSERT INTO alerts (rule_id, key, period, count, baseline, change_pct, p, history, fired_at) VALUES ($rule, $key, $period::DATE, $count, $baseline, $change, $p, $history, timezone($tz, now()))
				 ON CONFLICT DO NOTHING RETURNING id`,
				{ rule: rule.id, key: f.key, period: f.period, count: f.count, baseline: f.baseline, change: f.changePct, p: f.p, history: f.history, tz: workspaceTz() }
			);
			if (r) out.push({ ...f, id: Number(r.id) });
		}
		return out;
	});
	if (!fresh.length) return { ruleId: rule.id, fired: 0, delivered: [] };
	const message = alertMessage(ruleContext(rule), fresh, linkTo(`/alerts?alert=${fresh[0].id}`));
	const delivered = await sendToRule(store, rule, { message, lang: rule.lang }, 'alert', fresh.map((a) => a.id));
	return { ruleId: rule.id, fired: fresh.length, delivered };
}

/** Every enabled spike rule (one at a time: evaluations never overlap). A rule that fails is logged and the rest go on. */
export async function evaluateAll(store: Store, opts: { datasetId?: number | null } = {}): Promise<EvaluationResult[]> {
	return evaluating.run(async () => {
		const out: EvaluationResult[] = [];
		for (const rule of await listRules(store, 'spike')) {
			if (!rule.enabled) continue;
			// after an import: the rules of its dataset (and those not bound to one yet)
			if (opts.datasetId != null && rule.datasetId != null && rule.datasetId !== opts.datasetId) continue;
			try {
				out.push(await evaluateRule(store, rule));
			} catch (e) {
				console.error(`causeway: alert rule ${rule.id} could not be evaluated: ${(e as Error).message.split('\n')[0]}`);
			}
		}
		return out;
	});
}

/** "Send a test message": the rule's newest alert (or a made-up example) marked as a test, to one destination or all. */
export async function testRule(store: Store, id: number, destinationId?: string | null): Promise<{ delivered: Delivered[] }> {
	const rule = await getRule(store, id);
	const only = destinationId ? rule.destinations.filter((d) => d.id === destinationId) : undefined;
	if (destinationId && !only?.length) throw new NotFound(`Rule ${id} has no destination ${destinationId}.`);
	const ctx = ruleContext(rule);
	const period = periodOf(new Date().toISOString().slice(0, 10), rule.grain);
	const example = alertLine(ctx, { period, key: rule.dim ? '…' : '', count: 42, baseline: 10.25, changePct: 310, p: 0.0001 });
	const message = {
		title: tf(rule.lang, 'alert.testTitle', { name: rule.name }),
		lines: [tf(rule.lang, 'alert.testBody', { name: rule.name, example })],
		details: [''],
		link: linkTo('/alerts'),
		linkLabel: tf(rule.lang, 'alert.open', {}),
		data: { type: 'test', rule: { id: rule.id, name: rule.name }, alerts: [] }
	};
	return { delivered: await sendToRule(store, rule, { message, lang: rule.lang }, 'test', [], only) };
}

// --- reading fired alerts ---------------------------------------------------------

export async function listAlerts(store: Store, opts: { ruleId?: number | null; limit?: number; alertId?: number | null; datasetId?: number | null } = {}) {
	const rows = await store.all(
		`SELECT a.*, r.name AS rule_name, r.filter, r.dim, r.grain, r.lang, r.case_id, r.dataset_id, d.name AS dataset_name FROM alerts a JOIN alert_rules r ON r.id = a.rule_id LEFT JOIN datasets d ON d.id = r.dataset_id
		 WHERE a.rule_id = coalesce($rule::INTEGER, a.rule_id) AND a.id = coalesce($alert::INTEGER, a.id) AND ($ds::INTEGER IS NULL OR r.dataset_id = $ds::INTEGER)
		 ORDER BY a.period DESC, a.p, a.id DESC LIMIT $limit`,
		{ rule: opts.ruleId ?? null, alert: opts.alertId ?? null, ds: opts.datasetId ?? null, limit: Math.min(Math.max(opts.limit ?? 200, 1), 1000) }
	);
	const ids = rows.map((r) => Number(r.id));
	const deliveries = ids.length
		? await store.all<{ alert_id: number; destination_id: string; kind: string; ok: boolean; error: string | null; sent_at: string }>(
				`SELECT alert_id, destination_id, kind, ok, error, sent_at FROM deliveries WHERE alert_id IN (SELECT unnest($ids::INTEGER[])) ORDER BY id`,
				{ ids: `[${ids.join(',')}]` }
			)
		: [];
	return rows.map((r) => {
		const rule = { filter: r.filter as string, dim: (r.dim as string) ?? null, grain: r.grain as 'day' | 'week', datasetId: r.dataset_id === null ? null : Number(r.dataset_id) };
		const own = deliveries.filter((d) => Number(d.alert_id) === Number(r.id));
		return {
			id: Number(r.id),
			ruleId: Number(r.rule_id),
			ruleName: r.rule_name as string,
			datasetId: rule.datasetId,
			datasetName: (r.dataset_name as string) ?? null,
			key: r.key as string,
			period: String(r.period),
			grain: rule.grain,
			dim: rule.dim,
			count: Number(r.count),
			baseline: Number(r.baseline),
			changePct: r.change_pct === null ? null : Number(r.change_pct),
			p: Number(r.p),
			history: Number(r.history),
			firedAt: String(r.fired_at),
			message: alertLine(ruleContext({ ...(r as unknown as Rule), id: Number(r.rule_id), name: r.rule_name as string, lang: r.lang === 'en' ? 'en' : 'zh', ...rule }), {
				period: String(r.period),
				key: r.key as string,
				count: Number(r.count),
				baseline: Number(r.baseline),
				changePct: r.change_pct === null ? null : Number(r.change_pct),
				p: Number(r.p)
			}),
			drill: filterToQuery(alertFilter(rule, r.key as string, String(r.period))),
			caseId: r.case_id === null ? null : Number(r.case_id),
			deliveries: own.map((d) => ({ kind: d.kind, destinationId: d.destination_id, ok: Boolean(d.ok), ...(d.error ? { error: d.error } : {}), sentAt: String(d.sent_at) })),
			acknowledged: r.acknowledged_at !== null,
			acknowledgedAt: r.acknowledged_at === null ? null : String(r.acknowledged_at),
			acknowledgedBy: (r.acknowledged_by as string) ?? null
		};
	});
}

export async function acknowledge(store: Store, id: number, user: string | null, undo = false) {
	await store.write(async (s) => {
		const r = await s.one('SELECT id FROM alerts WHERE id = $id', { id });
		if (!r) throw new NotFound(`There is no alert ${id}.`);
		await s.run(
			undo
				? 'UPDATE alerts SET acknowledged_at = NULL, acknowledged_by = NULL WHERE id = $id'
				: 'UPDATE alerts SET acknowledged_at = coalesce(acknowledged_at, timezone($tz, now())), acknowledged_by = coalesce(acknowledged_by, $user) WHERE id = $id',
			{ id, user, tz: workspaceTz() }
		);
	});
	return (await listAlerts(store, { alertId: id }))[0];
}
