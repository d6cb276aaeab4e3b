// Response-time SLA per priority. The seeds: P0 within 1 hour, P1 within 4 hours,
// P2 within 24 hours (P3 has none). Configurable with CAUSEWAY_SLA="P0=1h,P1=4h,P2=24h".

export type SlaMinutes = Partial<Record<'P0' | 'P1' | 'P2' | 'P3', number>>;

export const DEFAULT_SLA: SlaMinutes = { P0: 60, P1: 240, P2: 1440 };

const PART = /^(P[0-3])\s*=\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)?$/i;

/** Parse "P0=1h,P1=4h,P2=24h" (m, h or d; a bare number is hours). Throws on anything else. */
export function parseSla(text: string | undefined): SlaMinutes {
	if (!text?.trim()) return { ...DEFAULT_SLA };
	const out: SlaMinutes = {};
	for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
		const m = PART.exec(part);
		if (!m) throw new Error(`CAUSEWAY_SLA: "${part}" is not like P0=1h (units m, h or d).`);
		const unit = (m[3] ?? 'h').toLowerCase();
		const minutes = Number(m[2]) * (unit.startsWith('m') ? 1 : unit === 'h' ? 60 : 1440);
		out[m[1].toUpperCase() as keyof SlaMinutes] = minutes;
	}
	return out;
}

/**
 * SQL for a ticket's SLA state: 'breached' or 'met' against its priority's limit,
 * NULL when its priority has no limit or no response time is recorded. The first
 * response counts; a ticket resolved without a recorded response counts its
 * resolution. Minutes are numbers we parsed, never user text.
 */
export function slaSql(sla: SlaMinutes, a = ''): string {
	const cases = Object.entries(sla)
		.filter(([, m]) => Number.isFinite(m))
		.map(([p, m]) => `WHEN '${p}' THEN ${Math.round(Number(m))}`)
		.join(' ');
	if (!cases) return 'CAST(NULL AS VARCHAR)';
	const answered = `coalesce(${a}first_response_at, ${a}resolved_at)`;
	return `CASE WHEN ${answered} IS NULL OR (CASE ${a}priority ${cases} END) IS NULL THEN NULL
		WHEN date_diff('minute', ${a}created_at, ${answered}) > (CASE ${a}priority ${cases} END) THEN 'breached' ELSE 'met' END`;
}
