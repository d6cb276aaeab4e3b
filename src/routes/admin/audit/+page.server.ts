import { auditTarget } from '$lib/audit';
import { auditLog } from '$lib/server/auth/audit';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const store = await workspace();
	const rows = await auditLog(store, { limit: 200, before: Number(url.searchParams.get('before')) || undefined });
	// the cases the entries are about, by title
	const ids = [...new Set(rows.map((r) => auditTarget(r.target).caseId).filter((id): id is number => id !== null))];
	const titles = ids.length ? await store.all<{ id: number; title: string }>('SELECT id, title FROM cases WHERE id IN (SELECT unnest($ids::INTEGER[]))', { ids: JSON.stringify(ids) }) : [];
	return { rows, caseTitles: Object.fromEntries(titles.map((t) => [Number(t.id), String(t.title)])) as Record<number, string> };
};
