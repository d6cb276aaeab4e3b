// Alert rules: what to watch, how sensitive, where to tell. Destinations keep
// their URLs and secrets here on the server; what leaves (publicRule) shows a
// destination's kind, its host and whether it has a secret — never the URL's
// path or query (chat webhook URLs carry their key) nor the secret.
import { randomBytes } from 'node:crypto';
import { filterToQuery, isDimension, parseFilterQuery } from '../../filters';
import { DEFAULT_THRESHOLDS, type AlertGrain } from '../../alerts/detect';
import type { Lang } from '../../i18n';
import type { Session, Store } from '../db';
import { BadRequest, NotFound } from '../errors';
import { workspaceTz } from '../ingest/importer';
import { alertConfig } from './config';
import { datasetFor } from '../datasets';

export const DESTINATION_KINDS = ['webhook', 'wecom', 'dingtalk', 'feishu', 'slack', 'email'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
export const RULE_KINDS = ['spike', 'review'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface Destination {
	id: string;
	kind: DestinationKind;
	url?: string;
	to?: string[];
	secret?: string;
}

export interface Rule {
	id: number;
	datasetId: number | null;
	kind: RuleKind;
	name: string;
	filter: string;
	dim: string | null;
	grain: AlertGrain;
	p: number;
	minCount: number;
	minRisePct: number;
	lang: Lang;
	since: string | null;
	notebook: string | null;
	caseId: number | null;
	enabled: boolean;
	destinations: Destination[];
	createdBy: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface PublicDestination {
	id: string;
	kind: DestinationKind;
	/** scheme://host of the URL (its path and query may hold the service's key). */
	target?: string;
	to?: string[];
	hasSecret: boolean;
}

export type PublicRule = Omit<Rule, 'destinations'> & { destinations: PublicDestination[] };

const MAX_DESTINATIONS = 10;
const EMAIL = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;
const NOW = 'timezone($tz, now())';
const NOTEBOOK_SLUG = /^[a-z0-9][a-z0-9-]{0,80}$/;

export class RefusedDestination extends BadRequest {}

/** Is this host one a destination may point at (CAUSEWAY_ALERT_ALLOW_HOSTS; unset = any)? */
export function hostAllowed(host: string, allow: string[] | null = alertConfig().allowHosts): boolean {
	if (!allow) return true;
	const h = host.toLowerCase().replace(/^\[|\]$/g, '');
	return allow.some((a) => (a.startsWith('*.') ? h.endsWith(a.slice(1)) && h.length > a.length - 1 : h === a));
}

/** A destination URL an analyst typed, checked before it is stored and again before each send. */
export function checkUrl(v: unknown, kind: string): string {
	if (typeof v !== 'string' || !v.trim()) throw new BadRequest(`A ${kind} destination needs url.`);
	let u: URL;
	try {
		u = new URL(v.trim());
	} catch {
		throw new BadRequest(`The ${kind} url is not a URL.`);
	}
	if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new BadRequest(`The ${kind} url must be http or https.`);
	if (u.username || u.password) throw new BadRequest(`The ${kind} url must not carry a user name or password.`);
	if (!hostAllowed(u.hostname)) throw new RefusedDestination(`The host ${u.hostname} is not in CAUSEWAY_ALERT_ALLOW_HOSTS.`);
	if (u.toString().length > 2000) throw new BadRequest(`The ${kind} url is too long.`);
	return u.toString();
}

function text(v: unknown, name: string, max: number): string {
	if (typeof v !== 'string' || !v.trim()) throw new BadRequest(`${name} is required.`);
	if (v.trim().length > max) throw new BadRequest(`${name} is at most ${max} characters.`);
	return v.trim();
}

function num(v: unknown, name: string, fallback: number, ok: (n: number) => boolean, says: string): number {
	if (v === undefined || v === null || v === '') return fallback;
	const n = typeof v === 'string' ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isFinite(n) || !ok(n)) throw new BadRequest(`${name} ${says}.`);
	return n;
}

/** Destinations as sent: a destination with the id of a stored one and no url/secret keeps the stored values. */
export function parseDestinations(v: unknown, previous: Destination[] = []): Destination[] {
	if (!Array.isArray(v) || v.length === 0) throw new BadRequest('destinations is a list of at least one {kind, url?, to?, secret?}.');
	if (v.length > MAX_DESTINATIONS) throw new BadRequest(`At most ${MAX_DESTINATIONS} destinations.`);
	return v.map((d, i) => {
		if (!d || typeof d !== 'object') throw new BadRequest(`destinations[${i}] is an object.`);
		const raw = d as Record<string, unknown>;
		const kind = raw.kind as DestinationKind;
		if (!DESTINATION_KINDS.includes(kind)) throw new BadRequest(`destinations[${i}].kind is one of ${DESTINATION_KINDS.join(', ')}.`);
		const old = typeof raw.id === 'string' ? previous.find((p) => p.id === raw.id && p.kind === kind) : undefined;
		const out: Destination = { id: old?.id ?? randomBytes(6).toString('hex'), kind };
		if (kind === 'email') {
			const list = Array.isArray(raw.to) ? raw.to : typeof raw.to === 'string' ? raw.to.split(/[,;\s]+/) : old?.to;
			const to = (list ?? []).map((x) => String(x).trim()).filter(Boolean);
			if (!to.length) throw new BadRequest(`destinations[${i}]: an e-mail destination needs to (one or more addresses).`);
			for (const a of to) if (!EMAIL.test(a) || a.length > 254) throw new BadRequest(`destinations[${i}]: "${a.slice(0, 80)}" is not an e-mail address.`);
			if (to.length > 50) throw new BadRequest(`destinations[${i}]: at most 50 addresses.`);
			out.to = to;
		} else {
			out.url = raw.url === undefined && old?.url ? checkUrl(old.url, kind) : checkUrl(raw.url, kind);
		}
		if (typeof raw.secret === 'string' && raw.secret !== '') {
			if (raw.secret.length > 500) throw new BadRequest(`destinations[${i}].secret is at most 500 characters.`);
			out.secret = raw.secret;
		} else if (raw.secret === undefined && old?.secret) out.secret = old.secret;
		if (kind === 'webhook' && !out.secret) throw new BadRequest(`destinations[${i}]: a webhook needs a secret (the X-Causeway-Signature key).`);
		return out;
	});
}

function target(url: string | undefined): string | undefined {
	if (!url) return undefined;
	const u = new URL(url);
	return `${u.protocol}//${u.host}`;
}

export function publicRule(r: Rule): PublicRule {
	return { ...r, destinations: r.destinations.map((d) => ({ id: d.id, kind: d.kind, ...(d.url ? { target: target(d.url) } : {}), ...(d.to ? { to: d.to } : {}), hasSecret: Boolean(d.secret) })) };
}

function ruleOut(r: Record<string, unknown>): Rule {
	const dest = typeof r.destinations === 'string' ? JSON.parse(r.destinations) : r.destinations;
	return {
		id: Number(r.id),
		datasetId: r.dataset_id === null || r.dataset_id === undefined ? null : Number(r.dataset_id),
		kind: r.kind as RuleKind,
		name: r.name as string,
		filter: r.filter as string,
		dim: (r.dim as string) ?? null,
		grain: r.grain as AlertGrain,
		p: Number(r.p),
		minCount: Number(r.min_count),
		minRisePct: Number(r.min_rise_pct),
		lang: r.lang === 'en' ? 'en' : 'zh',
		since: r.since ? String(r.since) : null,
		notebook: (r.notebook as string) ?? null,
		caseId: r.case_id === null || r.case_id === undefined ? null : Number(r.case_id),
		enabled: Boolean(r.enabled),
		destinations: dest as Destination[],
		createdBy: (r.created_by as string) ?? null,
		createdAt: String(r.created_at),
		updatedAt: String(r.updated_at)
	};
}

export async function listRules(store: Store | Session, kind?: RuleKind): Promise<Rule[]> {
	const rows = await store.all('SELECT * FROM alert_rules WHERE kind = coalesce($kind, kind) ORDER BY id', { kind: kind ?? null });
	return rows.map(ruleOut);
}

export async function getRule(store: Store | Session, id: number): Promise<Rule> {
	const r = await store.one('SELECT * FROM alert_rules WHERE id = $id', { id });
	if (!r) throw new NotFound(`There is no alert rule ${id}.`);
	return ruleOut(r);
}

interface RuleFields {
	kind: RuleKind;
	name: string;
	filter: string;
	dim: string | null;
	grain: AlertGrain;
	p: number;
	minCount: number;
	minRisePct: number;
	lang: Lang;
	since: string | null;
	notebook: string | null;
	caseId: number | null;
	enabled: boolean;
	destinations: Destination[];
}

/** The fields of a body, over the rule as it is (PATCH) or the defaults (POST). */
function fields(body: Record<string, unknown>, base: RuleFields | null): RuleFields {
	const has = (k: string) => body[k] !== undefined;
	const kind = has('kind') ? (body.kind as RuleKind) : (base?.kind ?? 'spike');
	if (!RULE_KINDS.includes(kind)) throw new BadRequest(`kind is one of ${RULE_KINDS.join(', ')}.`);
	if (base && kind !== base.kind) throw new BadRequest('A rule’s kind cannot change.');
	const name = has('name') || !base ? text(body.name, 'name', 200) : base.name;
	let filter = base?.filter ?? '';
	if (has('filter')) {
		if (body.filter !== null && typeof body.filter !== 'string') throw new BadRequest('filter is a Filter in its URL form, like subcategory=支付失败&channel=APP.');
		const f = parseFilterQuery((body.filter as string | null) ?? '');
		// a rule watches every period as it comes: no window of its own
		filter = filterToQuery({ dims: f.dims, not: f.not, q: f.q });
	}
	let dim = base?.dim ?? null;
	if (has('dim')) {
		dim = body.dim === null || body.dim === '' ? null : String(body.dim);
		if (dim !== null && !isDimension(dim)) throw new BadRequest(`dim "${dim.slice(0, 60)}" is not a dimension.`);
	}
	const grain = (has('grain') ? body.grain : (base?.grain ?? (kind === 'review' ? 'week' : undefined))) as AlertGrain;
	if (grain !== 'day' && grain !== 'week') throw new BadRequest('grain is day or week.');
	const p = num(body.p, 'p', base?.p ?? DEFAULT_THRESHOLDS.p, (n) => n > 0 && n <= 0.5, 'is a probability above 0, at most 0.5');
	const minCount = num(body.minCount, 'minCount', base?.minCount ?? DEFAULT_THRESHOLDS.minCount, (n) => Number.isInteger(n) && n >= 1 && n <= 1e9, 'is a whole number ≥ 1');
	const minRisePct = num(body.minRisePct, 'minRisePct', base?.minRisePct ?? DEFAULT_THRESHOLDS.minRisePct, (n) => n >= 0 && n <= 1e6, 'is a percentage ≥ 0');
	const lang = (has('lang') ? body.lang : (base?.lang ?? 'zh')) as Lang;
	if (lang !== 'zh' && lang !== 'en') throw new BadRequest('lang is zh or en.');
	let since = base?.since ?? null;
	if (has('since')) {
		since = body.since === null || body.since === '' ? null : String(body.since);
		if (since !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`)))) throw new BadRequest('since is a date YYYY-MM-DD.');
	}
	let notebook = base?.notebook ?? (kind === 'review' ? 'weekly-review' : null);
	if (has('notebook')) {
		notebook = body.notebook === null || body.notebook === '' ? (kind === 'review' ? 'weekly-review' : null) : String(body.notebook);
		if (notebook !== null && !NOTEBOOK_SLUG.test(notebook)) throw new BadRequest('notebook is the name of a notebook in notebooks/ (like weekly-review).');
	}
	let caseId = base?.caseId ?? null;
	if (has('caseId')) {
		caseId = body.caseId === null ? null : Number(body.caseId);
		if (caseId !== null && (!Number.isInteger(caseId) || caseId <= 0)) throw new BadRequest('caseId is the id of a case.');
	}
	const enabled = has('enabled') ? body.enabled === true : (base?.enabled ?? true);
	const destinations = has('destinations') || !base ? parseDestinations(body.destinations, base?.destinations ?? []) : base.destinations;
	return { kind, name, filter, dim, grain, p, minCount, minRisePct, lang, since, notebook, caseId, enabled, destinations };
}

/** The day of the dataset's latest ticket: a new rule alerts from its period on, not on history (unless `since` says so). */
async function latestDay(s: Session, datasetId: number | null): Promise<string | null> {
	if (datasetId === null) return null;
	const r = await s.one<{ d: string | null }>("SELECT strftime(max(created_at), '%Y-%m-%d') AS d FROM tickets WHERE dataset_id = $ds", { ds: datasetId });
	return r?.d ?? null;
}

export async function createRule(store: Store, body: Record<string, unknown>, user: string | null): Promise<Rule> {
	const f = fields(body, null);
	if (body.dataset !== undefined && body.dataset !== null && typeof body.dataset !== 'string' && typeof body.dataset !== 'number') throw new BadRequest('dataset is a dataset name or id.');
	const id = await store.write(async (s) => {
		let datasetId: number | null = null;
		if (f.caseId !== null) {
			const c = await s.one<{ dataset_id: number }>('SELECT dataset_id FROM cases WHERE id = $id', { id: f.caseId });
			if (!c) throw new BadRequest(`There is no case ${f.caseId}.`);
			datasetId = Number(c.dataset_id);
		} else {
			// the dataset named, else the one most recently imported into; none yet: bound at the first import
			const d = await datasetFor(s, body.dataset === undefined || body.dataset === null ? null : String(body.dataset)).catch((e) => {
				throw new BadRequest((e as Error).message);
			});
			datasetId = d?.id ?? null;
		}
		const lang = body.lang === undefined && datasetId !== null ? ((await s.one<{ language: string }>('SELECT language FROM datasets WHERE id = $id', { id: datasetId }))?.language === 'en' ? 'en' : 'zh') : f.lang;
		const since = body.since === undefined ? await latestDay(s, datasetId) : f.since;
		const r = await s.one<{ id: number }>(
			`INSERT INTO alert_rules (dataset_id, kind, name, filter, dim, grain, p, min_count, min_rise_pct, lang, since, notebook, case_id, enabled, destinations, created_by, created_at, updated_at)
			 VALUES ($datasetId, $kind, $name, $filter, $dim, $grain, $p, $minCount, $minRisePct, $lang, $since::DATE, $notebook, $caseId, $enabled, $destinations::JSON, $user, ${NOW}, ${NOW}) RETURNING id`,
			{ ...f, datasetId, lang, since, destinations: JSON.stringify(f.destinations), user, tz: workspaceTz() }
		);
		return Number(r!.id);
	});
	return getRule(store, id);
}

export async function patchRule(store: Store, id: number, body: Record<string, unknown>): Promise<Rule> {
	await store.write(async (s) => {
		const base = await getRule(s, id);
		const f = fields(body, base);
		await s.run(
			`UPDATE alert_rules SET name = $name, filter = $filter, dim = $dim, grain = $grain, p = $p, min_count = $minCount, min_rise_pct = $minRisePct, lang = $lang,
				since = $since::DATE, notebook = $notebook, case_id = $caseId, enabled = $enabled, destinations = $destinations::JSON, updated_at = ${NOW} WHERE id = $id`,
			{ ...f, id, destinations: JSON.stringify(f.destinations), tz: workspaceTz() }
		);
	});
	return getRule(store, id);
}

/** A rule made before any dataset existed belongs to the first one imported into. */
export async function bindDataset(store: Store, rule: Rule, datasetId: number): Promise<Rule> {
	await store.write((s) => s.run('UPDATE alert_rules SET dataset_id = $ds WHERE id = $id AND dataset_id IS NULL', { ds: datasetId, id: rule.id }));
	return { ...rule, datasetId };
}

export async function deleteRule(store: Store, id: number): Promise<{ id: number; alerts: number }> {
	return store.write(async (s) => {
		await getRule(s, id);
		await s.run('DELETE FROM deliveries WHERE rule_id = $id', { id });
		const alerts = await s.run('DELETE FROM alerts WHERE rule_id = $id', { id });
		await s.run('DELETE FROM alert_rules WHERE id = $id', { id });
		return { id, alerts };
	});
}
