// The audit log: every write — who, when (wall clock in CAUSEWAY_TZ), what.
import type { Store } from '../db';
import { workspaceTz } from '../ingest/importer';

export interface AuditEntry {
	user: string | null;
	role: string | null;
	action: string;
	target?: string | null;
	status?: number;
	detail?: unknown;
}

export async function audit(store: Store, e: AuditEntry): Promise<void> {
	await store.write((s) =>
		s.run('INSERT INTO audit_log (logged_at, user_name, role, action, target, status, detail) VALUES (timezone($tz, now()), $user, $role, $action, $target, $status, $detail::JSON)', {
			tz: workspaceTz(),
			user: e.user,
			role: e.role,
			action: e.action,
			target: e.target ?? null,
			status: e.status ?? null,
			detail: e.detail === undefined ? null : JSON.stringify(e.detail)
		})
	);
}

export async function auditLog(store: Store, opts: { limit?: number; before?: number } = {}) {
	const rows = await store.all(
		'SELECT id, logged_at, user_name, role, action, target, status, detail FROM audit_log WHERE id < coalesce($before::BIGINT, 9223372036854775807) ORDER BY id DESC LIMIT $limit',
		{ limit: Math.min(Math.max(opts.limit ?? 200, 1), 1000), before: opts.before ?? null }
	);
	return rows.map((r) => ({ id: Number(r.id), at: r.logged_at as string, user: (r.user_name as string) ?? null, role: (r.role as string) ?? null, action: r.action as string, target: (r.target as string) ?? null, status: r.status === null ? null : Number(r.status), detail: r.detail ?? null }));
}
