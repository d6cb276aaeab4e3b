// The RCA model (DESIGN.md): a case explains an effect; causes sit on the bones
// of a fishbone (人机料法环测) and nest; whys form a tree from the problem; a
// cause's status changes only through a verification; actions fix verified
// causes. Pure rules here, shared by server and pages.

export const BONES = ['man', 'machine', 'material', 'method', 'environment', 'measurement'] as const;
export type BoneId = (typeof BONES)[number];

export const BONE_LABELS: Record<BoneId, { zh: string; en: string }> = {
	man: { zh: '人', en: 'Man' },
	machine: { zh: '机', en: 'Machine' },
	material: { zh: '料', en: 'Material' },
	method: { zh: '法', en: 'Method' },
	environment: { zh: '环', en: 'Environment' },
	measurement: { zh: '测', en: 'Measurement' }
};

export interface Bone {
	id: string;
	/** A renamed bone's label; absent means the default label in the UI language. */
	label?: string;
}

export const DEFAULT_BONES: Bone[] = BONES.map((id) => ({ id }));

export const CASE_STATES = ['new', 'analysing', 'fixing', 'resolved', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const RESOLUTIONS = ['fix_applied', 'duplicate', 'risk_accepted'] as const;

/** Forward one step, back one step, or close from anywhere; closing and resolving need a resolution code. */
export function canMove(from: CaseState, to: CaseState): boolean {
	const a = CASE_STATES.indexOf(from);
	const b = CASE_STATES.indexOf(to);
	return a >= 0 && b >= 0 && (Math.abs(a - b) === 1 || to === 'closed' || a === b);
}

export const CAUSE_STATUSES = ['unverified', 'verified', 'refuted', 'inconclusive'] as const;
export type CauseStatus = (typeof CAUSE_STATUSES)[number];

export const METHODS = ['test', 'callback', 'data_comparison', 'log_analysis'] as const;
export type Method = (typeof METHODS)[number];
export const RESULTS = ['confirmed', 'refuted', 'inconclusive'] as const;
export type Result = (typeof RESULTS)[number];

/** The status a verification result gives its cause. */
export function statusAfter(result: Result): CauseStatus {
	return result === 'confirmed' ? 'verified' : result === 'refuted' ? 'refuted' : 'inconclusive';
}

export const ACTION_STATES = ['open', 'doing', 'done', 'cancelled'] as const;

// --- trees (causes and whys) ---------------------------------------------------

export interface Node {
	id: number;
	parentId: number | null;
	position: number;
}

export type Tree<T extends Node> = T & { children: Tree<T>[] };

/** Flat rows → forest, children in position order; orphans (a parent gone) become roots. */
export function buildTree<T extends Node>(rows: T[]): Tree<T>[] {
	const byId = new Map<number, Tree<T>>(rows.map((r) => [r.id, { ...r, children: [] }]));
	const roots: Tree<T>[] = [];
	for (const n of byId.values()) {
		const parent = n.parentId === null ? undefined : byId.get(n.parentId);
		(parent ? parent.children : roots).push(n);
	}
	const sort = (ns: Tree<T>[]) => {
		ns.sort((a, b) => a.position - b.position || a.id - b.id);
		for (const n of ns) sort(n.children);
	};
	sort(roots);
	return roots;
}

/** The id and every id below it. */
export function subtreeIds(rows: Node[], id: number): number[] {
	const out = [id];
	for (let i = 0; i < out.length; i++) for (const r of rows) if (r.parentId === out[i]) out.push(r.id);
	return out;
}

/** Depth of a node (a root is 1). */
export function depth(rows: Node[], id: number): number {
	const byId = new Map(rows.map((r) => [r.id, r]));
	let d = 0;
	for (let n = byId.get(id); n && d <= rows.length; n = n.parentId === null ? undefined : byId.get(n.parentId)) d++;
	return d;
}

/** Moving `id` under `parentId` is allowed unless the new parent is the node itself or below it. */
export function canReparent(rows: Node[], id: number, parentId: number | null): boolean {
	return parentId === null || !subtreeIds(rows, id).includes(parentId);
}
