// Cases and everything in them, through the one store: every write is a
// transaction, every edit of a case, cause, why or action checks the version it
// was read at (409 with what is stored now when someone saved in between).
import { filterToQuery, parseFilterQuery } from '../../filters';
import { DEFAULT_BONES, CASE_STATES, RESOLUTIONS, ACTION_STATES, canMove, canReparent, subtreeIds, type Bone, type CaseState } from '../../rca/model';
import type { Params, Session, Store } from '../db';
import { BadRequest, Conflict, NotFound } from '../errors';
import { workspaceTz } from '../ingest/importer';
import { datasetFor } from '../datasets';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NOW = 'timezone($tz, now())';

export interface Window {
	from: string;
	to: string;
}

// --- input checks --------------------------------------------------------------

function text(v: unknown, name: string, max = 2000, required = true): string | null {
	if (v === undefined || v === null || v === '') {
		if (required) throw new BadRequest(`${name} is required.`);
		return null;
	}
	if (typeof v !== 'string') throw new BadRequest(`${name} must be text.`);
	const t = v.trim();
	if (required && !t) throw new BadRequest(`${name} is required.`);
	if (t.length > max) throw new BadRequest(`${name} is at most ${max} characters.`);
	return t;
}

function day(v: unknown, name: string): string | null {
	if (v === undefined || v === null || v === '') return null;
	if (typeof v !== 'string' || !DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new BadRequest(`${name} is a date YYYY-MM-DD.`);
	return v;
}

function window(v: unknown, name: string): Window | null {
	if (v === undefined || v === null) return null;
	const w = v as Partial<Window>;
	const from = day(w.from, `${name}.from`);
	const to = day(w.to, `${name}.to`);
	if (!from || !to) throw new BadRequest(`${name} needs from and to (YYYY-MM-DD).`);
	if (from > to) throw new BadRequest(`${name}.from is after ${name}.to.`);
	return { from, to };
}

/** A Filter in its URL form, normalised (unknown parameters dropped). */
function filterQuery(v: unknown, name: string): string | null {
	if (v === undefined || v === null || v === '') return null;
	if (typeof v !== 'string') throw new BadRequest(`${name} is a Filter query string like subcategory=支付失败&channel=APP.`);
	// the dataset is the case's own (cases.dataset_id), not part of an effect or evidence
	return filterToQuery({ ...parseFilterQuery(v), dataset: undefined }) || null;
}

function version(v: unknown): number {
	if (!Number.isInteger(v)) throw new BadRequest('version (the one you read) is required to save a change.');
	return v as number;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], name: string): T {
	if (!allowed.includes(v as T)) throw new BadRequest(`${name} is one of ${allowed.join(', ')}.`);
	return v as T;
}

// --- reading -------------------------------------------------------------------

const caseOut = (r: Record<string, unknown>) => ({
	id: Number(r.id),
	title: r.title as string,
	problem: r.problem as string,
	effect: r.effect as string,
	window: r.window_from ? { from: String(r.window_from), to: String(r.window_to) } : null,
	baseline: r.baseline_from ? { from: String(r.baseline_from), to: String(r.baseline_to) } : null,
	owner: (r.owner as string) ?? null,
	state: r.state as CaseState,
	resolution: (r.resolution as string) ?? null,
	bones: (typeof r.bones === 'string' ? JSON.parse(r.bones) : r.bones) as Bone[],
	escapeCause: (r.escape_cause as string) ?? null,
	version: Number(r.version),
	/** the dataset whose tickets the case explains */
	datasetId: Number(r.dataset_id),
	createdAt: String(r.created_at),
	updatedAt: String(r.updated_at)
});
export type Case = ReturnType<typeof caseOut>;

const causeOut = (r: Record<string, unknown>) => ({
	id: Number(r.id),
	caseId: Number(r.case_id),
	parentId: r.parent_id === null ? null : Number(r.parent_id),
	bone: r.bone as string,
	text: r.text as string,
	filter: (r.filter as string) ?? null,
	status: r.status as string,
	fromWhy: r.from_why === null ? null : Number(r.from_why),
	position: Number(r.position),
	version: Number(r.version)
});
export type Cause = ReturnType<typeof causeOut>;

const whyOut = (r: Record<string, unknown>) => ({
	id: Number(r.id),
	caseId: Number(r.case_id),
	parentId: r.parent_id === null ? null : Number(r.parent_id),
	text: r.text as string,
	evidence: (r.evidence as string) ?? null,
	filter: (r.filter as string) ?? null,
	root: Boolean(r.root),
	causeId: r.cause_id === null ? null : Number(r.cause_id),
	position: Number(r.position),
	version: Number(r.version)
});
export type Why = ReturnType<typeof whyOut>;

const verificationOut = (r: Record<string, unknown>) => ({
	id: Number(r.id),
	caseId: Number(r.case_id),
	causeId: Number(r.cause_id),
	method: r.method as string,
	result: r.result as string,
	note: (r.note as string) ?? null,
	figures: r.figures ? (typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures) : null,
	who: (r.who as string) ?? null,
	at: String(r.recorded_at)
});
export type Verification = ReturnType<typeof verificationOut>;

const actionOut = (r: Record<string, unknown>) => ({
	id: Number(r.id),
	caseId: Number(r.case_id),
	causeId: r.cause_id === null ? null : Number(r.cause_id),
	text: r.text as string,
	owner: (r.owner as string) ?? null,
	due: r.due ? String(r.due) : null,
	state: r.state as string,
	doneAt: r.done_at ? String(r.done_at) : null,
	version: Number(r.version)
});
export type Action = ReturnType<typeof actionOut>;

const pinOut = (r: Record<string, unknown>) => ({
	id: Number(r.id),
	causeId: r.cause_id === null ? null : Number(r.cause_id),
	whyId: r.why_id === null ? null : Number(r.why_id),
	ticketId: r.ticket_id as string,
	note: (r.note as string) ?? null,
	/** The pinned ticket's creation time and text, when it is (still) in the database. */
	createdAt: (r.ticket_created as string) ?? null,
	text: (r.ticket_text as string) ?? null
});

/** The cases of one dataset (every case when datasetId is null), most recently updated first. */
export async function listCases(store: Store, datasetId: number | null = null) {
	const rows = await store.all(
		`SELECT c.*, (SELECT count(*) FROM causes WHERE case_id = c.id) AS causes,
			(SELECT count(*) FROM causes WHERE case_id = c.id AND status = 'verified') AS verified,
			(SELECT count(*) FROM actions WHERE case_id = c.id AND state NOT IN ('done', 'cancelled')) AS open_actions
		 FROM cases c WHERE c.dataset_id = coalesce($ds, c.dataset_id) ORDER BY c.updated_at DESC, c.id DESC`,
		{ ds: datasetId }
	);
	return { rows: rows.map((r) => ({ ...caseOut(r), causes: Number(r.causes), verified: Number(r.verified), openActions: Number(r.open_actions) })) };
}

async function caseRow(s: Session | Store, id: number): Promise<Case> {
	const r = await s.one('SELECT * FROM cases WHERE id = $id', { id });
	if (!r) throw new NotFound(`There is no case ${id}.`);
	return caseOut(r);
}

/** The whole case: causes, whys, verifications, actions, pinned tickets. */
export async function getCase(store: Store, id: number) {
	const c = await caseRow(store, id);
	const [causes, whys, verifications, actions, pins] = await Promise.all([
		store.all('SELECT * FROM causes WHERE case_id = $id ORDER BY position, id', { id }),
		store.all('SELECT * FROM whys WHERE case_id = $id ORDER BY position, id', { id }),
		store.all('SELECT * FROM verifications WHERE case_id = $id ORDER BY recorded_at, id', { id }),
		store.all('SELECT * FROM actions WHERE case_id = $id ORDER BY id', { id }),
		store.all(
			`SELECT p.*, t.created_at AS ticket_created, left(concat_ws(' — ', t.subject, t.description), 200) AS ticket_text
			 FROM pins p LEFT JOIN tickets t ON t.dataset_id = $ds AND t.ticket_id = p.ticket_id WHERE p.case_id = $id ORDER BY p.id`,
			{ id, ds: c.datasetId }
		)
	]);
	return { ...c, causes: causes.map(causeOut), whys: whys.map(whyOut), verifications: verifications.map(verificationOut), actions: actions.map(actionOut), pins: pins.map(pinOut) };
}
export type FullCase = Awaited<ReturnType<typeof getCase>>;

// --- writing -------------------------------------------------------------------

const tz = () => ({ tz: workspaceTz() });

export async function createCase(store: Store, body: Record<string, unknown>): Promise<Case> {
	const title = text(body.title, 'title', 200)!;
	const problem = text(body.problem, 'problem', 4000, false) ?? '';
	const effect = filterQuery(body.effect, 'effect') ?? '';
	const w = window(body.window, 'window');
	const b = window(body.baseline, 'baseline');
	const owner = text(body.owner, 'owner', 100, false);
	const ref = body.dataset ?? (typeof body.effect === 'string' ? parseFilterQuery(body.effect).dataset : undefined);
	if (ref !== undefined && ref !== null && typeof ref !== 'string' && typeof ref !== 'number') throw new BadRequest('dataset is a dataset name or id.');
	return store.write(async (s) => {
		// a case belongs to one dataset: the one named (in the body or the effect), else the default
		const dataset = await datasetFor(s, ref === undefined || ref === null ? null : String(ref));
		if (!dataset) throw new BadRequest('There is no dataset yet: import an export first.');
		const r = await s.one(
			`INSERT INTO cases (dataset_id, title, problem, effect, window_from, window_to, baseline_from, baseline_to, owner, state, bones, version, created_at, updated_at)
			 VALUES ($ds, $title, $problem, $effect, $wf, $wt, $bf, $bt, $owner, 'new', $bones::JSON, 1, ${NOW}, ${NOW}) RETURNING *`,
			{ ds: dataset.id, title, problem, effect, wf: w?.from ?? null, wt: w?.to ?? null, bf: b?.from ?? null, bt: b?.to ?? null, owner, bones: JSON.stringify(DEFAULT_BONES), ...tz() }
		);
		return caseOut(r!);
	});
}

type VersionedTable = 'cases' | 'causes' | 'whys' | 'actions';

/**
 * UPDATE … WHERE version = the one read; 0 rows → 404 or 409 with what is stored now.
 * `table` is one of four names; `sets` are `column = $placeholder` fragments written
 * in this file (never from a request): values travel in `params`.
 */
async function versioned<T>(s: Session, table: VersionedTable, id: number, expected: number, sets: string[], params: Record<string, unknown>, out: (r: Record<string, unknown>) => T): Promise<T> {
	const r = await s.one(
		`UPDATE ${table} SET ${[...sets, 'version = version + 1', `updated_at = ${NOW}`].join(', ')} WHERE id = $id AND version = $version RETURNING *`,
		{ ...params, id, version: expected, ...tz() } as Params
	);
	if (r) return out(r);
	const now = await s.one(`SELECT * FROM ${table} WHERE id = $id`, { id });
	if (!now) throw new NotFound(`There is no ${table.replace(/s$/, '')} ${id}.`);
	throw new Conflict(`Someone saved this ${table.replace(/s$/, '')} in between (version ${now.version}, you read ${expected}). Reload to see their change.`, out(now));
}

type CaseColumn = 'title' | 'problem' | 'effect' | 'owner' | 'window_from' | 'window_to' | 'baseline_from' | 'baseline_to' | 'state' | 'resolution' | 'bones' | 'escape_cause';

export async function patchCase(store: Store, id: number, body: Record<string, unknown>): Promise<Case> {
	const expected = version(body.version);
	return store.write(async (s) => {
		const cur = await caseRow(s, id);
		const sets: string[] = [];
		const p: Record<string, unknown> = {};
		const set = (col: CaseColumn, v: unknown) => {
			sets.push(`${col} = $${col}`);
			p[col] = v;
		};
		if ('title' in body) set('title', text(body.title, 'title', 200));
		if ('problem' in body) set('problem', text(body.problem, 'problem', 4000, false) ?? '');
		if ('effect' in body) set('effect', filterQuery(body.effect, 'effect') ?? '');
		if ('owner' in body) set('owner', text(body.owner, 'owner', 100, false));
		if ('escapeCause' in body) set('escape_cause', text(body.escapeCause, 'escapeCause', 2000, false));
		if ('window' in body) {
			const w = window(body.window, 'window');
			set('window_from', w?.from ?? null);
			set('window_to', w?.to ?? null);
		}
		if ('baseline' in body) {
			const b = window(body.baseline, 'baseline');
			set('baseline_from', b?.from ?? null);
			set('baseline_to', b?.to ?? null);
		}
		if ('bones' in body) {
			const bones = body.bones as Bone[];
			if (!Array.isArray(bones) || bones.length === 0 || bones.length > 12 || bones.some((b) => typeof b?.id !== 'string' || !/^[\w-]{1,40}$/.test(b.id)))
				throw new BadRequest('bones is a list of 1–12 {id, label?}; ids are letters, digits, - or _.');
			const ids = new Set(bones.map((b) => b.id));
			if (ids.size !== bones.length) throw new BadRequest('bone ids must be different.');
			const used = await s.all<{ bone: string }>('SELECT DISTINCT bone FROM causes WHERE case_id = $id', { id });
			const orphaned = used.map((u) => u.bone).filter((b) => !ids.has(b));
			if (orphaned.length) throw new BadRequest(`Move or delete the causes on ${orphaned.join(', ')} before removing that bone.`);
			set('bones', JSON.stringify(bones.map((b) => ({ id: b.id, ...(b.label ? { label: String(b.label).slice(0, 40) } : {}) }))));
			sets[sets.length - 1] = 'bones = $bones::JSON';
		}
		if ('state' in body) {
			const to = oneOf(body.state, CASE_STATES, 'state');
			if (!canMove(cur.state, to)) throw new BadRequest(`A case moves one step at a time (new → analysing → fixing → resolved → closed), not ${cur.state} → ${to}.`);
			const resolution = 'resolution' in body ? body.resolution : cur.resolution;
			if ((to === 'resolved' || to === 'closed') && !RESOLUTIONS.includes(resolution as never))
				throw new BadRequest(`Resolving or closing a case needs a resolution: ${RESOLUTIONS.join(', ')}.`);
			set('state', to);
		}
		if ('resolution' in body) set('resolution', body.resolution === null ? null : oneOf(body.resolution, RESOLUTIONS, 'resolution'));
		return versioned(s, 'cases', id, expected, sets, p, caseOut);
	});
}

async function touchCase(s: Session, caseId: number) {
	await s.run(`UPDATE cases SET updated_at = ${NOW} WHERE id = $id`, { id: caseId, ...tz() });
}

async function boneOf(s: Session, caseId: number, bone: unknown): Promise<string> {
	const c = await caseRow(s, caseId);
	if (typeof bone !== 'string' || !c.bones.some((b) => b.id === bone)) throw new BadRequest(`bone is one of this case's bones: ${c.bones.map((b) => b.id).join(', ')}.`);
	return bone;
}

async function parentIn(s: Session, table: 'causes' | 'whys', caseId: number, parentId: unknown): Promise<number | null> {
	if (parentId === undefined || parentId === null) return null;
	const r = await s.one(`SELECT case_id FROM ${table} WHERE id = $id`, { id: Number(parentId) });
	if (!r || Number(r.case_id) !== caseId) throw new BadRequest(`parentId ${parentId} is not in this case.`);
	return Number(parentId);
}

export async function addCause(store: Store, caseId: number, body: Record<string, unknown>, fromWhy: number | null = null): Promise<Cause> {
	return store.write((s) => insertCause(s, caseId, body, fromWhy));
}

async function insertCause(s: Session, caseId: number, body: Record<string, unknown>, fromWhy: number | null): Promise<Cause> {
	const parentId = await parentIn(s, 'causes', caseId, body.parentId);
	let bone: string;
	if (parentId !== null) bone = String((await s.one('SELECT bone FROM causes WHERE id = $id', { id: parentId }))!.bone);
	else bone = await boneOf(s, caseId, body.bone);
	const r = await s.one(
		`INSERT INTO causes (case_id, parent_id, bone, text, filter, status, from_why, position, version, created_at, updated_at)
		 VALUES ($case, $parent, $bone, $text, $filter, 'unverified', $why,
			(SELECT coalesce(max(position), 0) + 1 FROM causes WHERE case_id = $case), 1, ${NOW}, ${NOW}) RETURNING *`,
		{ case: caseId, parent: parentId, bone, text: text(body.text, 'text', 500), filter: filterQuery(body.filter, 'filter'), why: fromWhy, ...tz() }
	);
	await touchCase(s, caseId);
	return causeOut(r!);
}

export async function patchCause(store: Store, id: number, body: Record<string, unknown>): Promise<Cause> {
	if ('status' in body) throw new BadRequest("A cause's status changes only through a verification: POST /api/causes/:id/verifications.");
	const expected = version(body.version);
	return store.write(async (s) => {
		const cur = await s.one('SELECT * FROM causes WHERE id = $id', { id });
		if (!cur) throw new NotFound(`There is no cause ${id}.`);
		const caseId = Number(cur.case_id);
		const sets: string[] = [];
		const p: Record<string, unknown> = {};
		if ('text' in body) (sets.push('text = $text'), (p.text = text(body.text, 'text', 500)));
		if ('filter' in body) (sets.push('filter = $filter'), (p.filter = filterQuery(body.filter, 'filter')));
		let bone = String(cur.bone);
		if ('parentId' in body) {
			const parentId = await parentIn(s, 'causes', caseId, body.parentId);
			const all = (await s.all('SELECT id, parent_id, position FROM causes WHERE case_id = $c', { c: caseId })).map((r) => ({ id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id), position: Number(r.position) }));
			if (!canReparent(all, id, parentId)) throw new BadRequest('A cause cannot move under itself or one of its own sub-causes.');
			sets.push('parent_id = $parent');
			p.parent = parentId;
			if (parentId !== null) bone = String((await s.one('SELECT bone FROM causes WHERE id = $id', { id: parentId }))!.bone);
		}
		if ('bone' in body && (body.parentId === undefined || body.parentId === null)) bone = await boneOf(s, caseId, body.bone);
		if (bone !== cur.bone || 'parentId' in body || 'bone' in body) {
			// a cause moves with its sub-causes
			const all = (await s.all('SELECT id, parent_id, position FROM causes WHERE case_id = $c', { c: caseId })).map((r) => ({ id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id), position: Number(r.position) }));
			const below = subtreeIds(all, id).filter((x) => x !== id);
			if (below.length) await s.run(`UPDATE causes SET bone = $bone WHERE id IN (SELECT unnest($ids::INTEGER[]))`, { bone, ids: JSON.stringify(below) });
			sets.push('bone = $bone');
			p.bone = bone;
		}
		const out = await versioned(s, 'causes', id, expected, sets, p, causeOut);
		await touchCase(s, caseId);
		return out;
	});
}

/** Delete a cause with its sub-causes, their verifications and pins; actions on them lose their cause. */
export async function deleteCause(store: Store, id: number): Promise<{ deleted: number[] }> {
	return store.write(async (s) => {
		const cur = await s.one('SELECT case_id FROM causes WHERE id = $id', { id });
		if (!cur) throw new NotFound(`There is no cause ${id}.`);
		const caseId = Number(cur.case_id);
		const all = (await s.all('SELECT id, parent_id, position FROM causes WHERE case_id = $c', { c: caseId })).map((r) => ({ id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id), position: Number(r.position) }));
		const ids = subtreeIds(all, id);
		const list = { ids: JSON.stringify(ids) };
		await s.run('DELETE FROM verifications WHERE cause_id IN (SELECT unnest($ids::INTEGER[]))', list);
		await s.run('DELETE FROM pins WHERE cause_id IN (SELECT unnest($ids::INTEGER[]))', list);
		await s.run('UPDATE actions SET cause_id = NULL WHERE cause_id IN (SELECT unnest($ids::INTEGER[]))', list);
		await s.run('UPDATE whys SET cause_id = NULL WHERE cause_id IN (SELECT unnest($ids::INTEGER[]))', list);
		await s.run('DELETE FROM causes WHERE id IN (SELECT unnest($ids::INTEGER[]))', list);
		await touchCase(s, caseId);
		return { deleted: ids };
	});
}

export async function addWhy(store: Store, caseId: number, body: Record<string, unknown>): Promise<Why> {
	return store.write(async (s) => {
		await caseRow(s, caseId);
		const parentId = await parentIn(s, 'whys', caseId, body.parentId);
		const r = await s.one(
			`INSERT INTO whys (case_id, parent_id, text, evidence, filter, root, position, version, created_at, updated_at)
			 VALUES ($case, $parent, $text, $evidence, $filter, false, (SELECT coalesce(max(position), 0) + 1 FROM whys WHERE case_id = $case), 1, ${NOW}, ${NOW}) RETURNING *`,
			{ case: caseId, parent: parentId, text: text(body.text, 'text', 500), evidence: text(body.evidence, 'evidence', 2000, false), filter: filterQuery(body.filter, 'filter'), ...tz() }
		);
		await touchCase(s, caseId);
		return whyOut(r!);
	});
}

export async function patchWhy(store: Store, id: number, body: Record<string, unknown>): Promise<Why> {
	const expected = version(body.version);
	return store.write(async (s) => {
		const cur = await s.one('SELECT case_id FROM whys WHERE id = $id', { id });
		if (!cur) throw new NotFound(`There is no why ${id}.`);
		const sets: string[] = [];
		const p: Record<string, unknown> = {};
		if ('text' in body) (sets.push('text = $text'), (p.text = text(body.text, 'text', 500)));
		if ('evidence' in body) (sets.push('evidence = $evidence'), (p.evidence = text(body.evidence, 'evidence', 2000, false)));
		if ('filter' in body) (sets.push('filter = $filter'), (p.filter = filterQuery(body.filter, 'filter')));
		if ('root' in body) (sets.push('root = $root'), (p.root = Boolean(body.root)));
		const out = await versioned(s, 'whys', id, expected, sets, p, whyOut);
		await touchCase(s, Number(cur.case_id));
		return out;
	});
}

export async function deleteWhy(store: Store, id: number): Promise<{ deleted: number[] }> {
	return store.write(async (s) => {
		const cur = await s.one('SELECT case_id FROM whys WHERE id = $id', { id });
		if (!cur) throw new NotFound(`There is no why ${id}.`);
		const all = (await s.all('SELECT id, parent_id, position FROM whys WHERE case_id = $c', { c: Number(cur.case_id) })).map((r) => ({ id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id), position: Number(r.position) }));
		const ids = subtreeIds(all, id);
		await s.run('DELETE FROM pins WHERE why_id IN (SELECT unnest($ids::INTEGER[]))', { ids: JSON.stringify(ids) });
		await s.run('DELETE FROM whys WHERE id IN (SELECT unnest($ids::INTEGER[]))', { ids: JSON.stringify(ids) });
		await touchCase(s, Number(cur.case_id));
		return { deleted: ids };
	});
}

/** A why (a root cause) becomes a cause on a bone, with its text and Filter; the why remembers it. */
export async function promoteWhy(store: Store, id: number, body: Record<string, unknown>): Promise<Cause> {
	return store.write(async (s) => {
		const w = await s.one('SELECT * FROM whys WHERE id = $id', { id });
		if (!w) throw new NotFound(`There is no why ${id}.`);
		if (w.cause_id !== null) throw new BadRequest(`This why is already cause ${w.cause_id}.`);
		const cause = await insertCause(s, Number(w.case_id), { bone: body.bone, text: w.text, filter: w.filter }, id);
		await s.run('UPDATE whys SET cause_id = $cause, root = true, version = version + 1 WHERE id = $id', { cause: cause.id, id });
		return cause;
	});
}

export async function addAction(store: Store, caseId: number, body: Record<string, unknown>): Promise<Action> {
	return store.write(async (s) => {
		await caseRow(s, caseId);
		let causeId: number | null = null;
		if (body.causeId !== undefined && body.causeId !== null) {
			const c = await s.one('SELECT case_id FROM causes WHERE id = $id', { id: Number(body.causeId) });
			if (!c || Number(c.case_id) !== caseId) throw new BadRequest(`causeId ${body.causeId} is not a cause of this case.`);
			causeId = Number(body.causeId);
		}
		const r = await s.one(
			`INSERT INTO actions (case_id, cause_id, text, owner, due, state, version, created_at, updated_at)
			 VALUES ($case, $cause, $text, $owner, $due, 'open', 1, ${NOW}, ${NOW}) RETURNING *`,
			{ case: caseId, cause: causeId, text: text(body.text, 'text', 1000), owner: text(body.owner, 'owner', 100, false), due: day(body.due, 'due'), ...tz() }
		);
		await touchCase(s, caseId);
		return actionOut(r!);
	});
}

export async function patchAction(store: Store, id: number, body: Record<string, unknown>): Promise<Action> {
	const expected = version(body.version);
	return store.write(async (s) => {
		const cur = await s.one('SELECT * FROM actions WHERE id = $id', { id });
		if (!cur) throw new NotFound(`There is no action ${id}.`);
		const sets: string[] = [];
		const p: Record<string, unknown> = {};
		if ('text' in body) (sets.push('text = $text'), (p.text = text(body.text, 'text', 1000)));
		if ('owner' in body) (sets.push('owner = $owner'), (p.owner = text(body.owner, 'owner', 100, false)));
		if ('due' in body) (sets.push('due = $due'), (p.due = day(body.due, 'due')));
		if ('state' in body) {
			const state = oneOf(body.state, ACTION_STATES, 'state');
			sets.push('state = $state');
			p.state = state;
			const doneAt = day(body.doneAt, 'doneAt');
			if (state === 'done' && !doneAt && !cur.done_at) throw new BadRequest('An action marked done needs its doneAt date (YYYY-MM-DD): the effect is read before and after it.');
			if (state === 'done' && doneAt) (sets.push('done_at = $done'), (p.done = doneAt));
			if (state !== 'done') sets.push('done_at = NULL');
		} else if ('doneAt' in body) (sets.push('done_at = $done'), (p.done = day(body.doneAt, 'doneAt')));
		const out = await versioned(s, 'actions', id, expected, sets, p, actionOut);
		await touchCase(s, Number(cur.case_id));
		return out;
	});
}

export async function pinTicket(store: Store, caseId: number, body: Record<string, unknown>) {
	return store.write(async (s) => {
		const c = await caseRow(s, caseId);
		const ticket = text(body.ticketId, 'ticketId', 200)!;
		if (!(await s.one('SELECT 1 AS x FROM tickets WHERE dataset_id = $ds AND ticket_id = $t LIMIT 1', { t: ticket, ds: c.datasetId })))
			throw new BadRequest(`There is no ticket ${ticket} in the case’s dataset.`);
		const causeId = body.causeId === undefined || body.causeId === null ? null : Number(body.causeId);
		const whyId = body.whyId === undefined || body.whyId === null ? null : Number(body.whyId);
		if (causeId === null && whyId === null) throw new BadRequest('Pin a ticket to a causeId or a whyId.');
		if (causeId !== null && !(await s.one('SELECT 1 AS x FROM causes WHERE id = $id AND case_id = $case', { id: causeId, case: caseId }))) throw new BadRequest(`Cause ${causeId} is not in case ${caseId}.`);
		if (whyId !== null && !(await s.one('SELECT 1 AS x FROM whys WHERE id = $id AND case_id = $case', { id: whyId, case: caseId }))) throw new BadRequest(`Why ${whyId} is not in case ${caseId}.`);
		if (await s.one('SELECT 1 AS x FROM pins WHERE case_id = $case AND ticket_id = $t AND cause_id IS NOT DISTINCT FROM $cause AND why_id IS NOT DISTINCT FROM $why', { case: caseId, t: ticket, cause: causeId, why: whyId }))
			throw new Conflict(`Ticket ${ticket} is already pinned there.`);
		const r = await s.one(
			`INSERT INTO pins (case_id, cause_id, why_id, ticket_id, note, pinned_at) VALUES ($case, $cause, $why, $t, $note, ${NOW}) RETURNING *`,
			{ case: caseId, cause: causeId, why: whyId, t: ticket, note: text(body.note, 'note', 500, false), ...tz() }
		);
		await touchCase(s, caseId);
		return pinOut(r!);
	});
}

export async function unpinTicket(store: Store, pinId: number) {
	return store.write(async (s) => {
		const r = await s.one('DELETE FROM pins WHERE id = $id RETURNING case_id', { id: pinId });
		if (!r) throw new NotFound(`There is no pin ${pinId}.`);
		await touchCase(s, Number(r.case_id));
		return { deleted: pinId };
	});
}

/** Record a verification and move its cause's status with it, in one transaction. */
export async function recordVerification(
	store: Store,
	causeId: number,
	v: { method: string; result: 'confirmed' | 'refuted' | 'inconclusive'; note: string | null; figures: unknown; who: string | null },
	status: string
): Promise<Verification> {
	return store.write(async (s) => {
		const cause = await s.one('SELECT case_id FROM causes WHERE id = $id', { id: causeId });
		if (!cause) throw new NotFound(`There is no cause ${causeId}.`);
		const r = await s.one(
			`INSERT INTO verifications (case_id, cause_id, method, result, note, figures, who, recorded_at)
			 VALUES ($case, $cause, $method, $result, $note, $figures::JSON, $who, ${NOW}) RETURNING *`,
			{ case: Number(cause.case_id), cause: causeId, method: v.method, result: v.result, note: v.note, figures: v.figures === null ? null : JSON.stringify(v.figures), who: v.who, ...tz() }
		);
		await s.run(`UPDATE causes SET status = $status, version = version + 1, updated_at = ${NOW} WHERE id = $id`, { status, id: causeId, ...tz() });
		await touchCase(s, Number(cause.case_id));
		return verificationOut(r!);
	});
}

export { text as checkText, day as checkDay, window as checkWindow, oneOf };
