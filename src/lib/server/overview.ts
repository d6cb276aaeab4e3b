// The overview's first figures: how many tickets, over what span, per month, and
// the most frequent problems. (The full dashboard builds on the Filter spine.)
import type { Store } from './db';

export interface Overview {
	tickets: number;
	from: string | null;
	to: string | null;
	imports: number;
	open: number;
	byMonth: { month: string; n: number }[];
	topProblems: { key: string; n: number; share: number }[];
}

export async function overview(store: Store): Promise<Overview> {
	const [totals, byMonth, top] = await Promise.all([
		store.one<{ tickets: number; from: string | null; to: string | null; open: number; imports: number }>(
			`SELECT count(*) AS tickets, min(created_at) AS "from", max(created_at) AS "to",
				count(*) FILTER (WHERE status IN ('open', 'pending')) AS open,
				(SELECT count(*) FROM imports WHERE status = 'done') AS imports
			 FROM tickets`
		),
		store.all<{ month: string; n: number }>(
			`SELECT strftime(date_trunc('month', created_at), '%Y-%m') AS month, count(*) AS n
			 FROM tickets GROUP BY 1 ORDER BY 1 DESC LIMIT 24`
		),
		store.all<{ key: string; n: number; share: number }>(
			`SELECT coalesce(subcategory, category, '—') AS key, count(*) AS n, count(*) / sum(count(*)) OVER () AS share
			 FROM tickets GROUP BY 1 ORDER BY n DESC, key LIMIT 10`
		)
	]);
	return {
		tickets: Number(totals?.tickets ?? 0),
		from: totals?.from ?? null,
		to: totals?.to ?? null,
		imports: Number(totals?.imports ?? 0),
		open: Number(totals?.open ?? 0),
		byMonth: byMonth.reverse(),
		topProblems: top
	};
}
