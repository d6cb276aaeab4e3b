// The case page saves each edit as it is made. A 409 means someone saved in
// between: the page reloads their version and says so; nothing is silently lost.
// A refusal carries the server's catalogue key (serverMessage says it in the UI
// language); an edit made in place shows it next to its control (`inline`), the
// rest in the page's alert. A success clears the alert.
import { invalidate } from '$app/navigation';

export interface Outcome {
	ok: boolean;
	status: number;
	body: Record<string, unknown>;
}

/** A refused edit; for a 409, what was not saved and how to save it over theirs. */
export interface Problem {
	status: number;
	body: Record<string, unknown>;
	unsaved?: { fields: Record<string, unknown>; retry: () => Promise<Outcome> };
}

let onProblem: (p: Problem | null) => void = () => {};
export function reportProblems(fn: (p: Problem | null) => void) {
	onProblem = fn;
}

export async function send(method: string, path: string, body?: unknown, opts: { inline?: boolean } = {}): Promise<Outcome> {
	const r = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const out = { ok: r.ok, status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : {} };
	if (!r.ok) {
		const current = out.body.current as { version?: number } | null;
		if (r.status === 409 && body && typeof body === 'object' && typeof current?.version === 'number') {
			const { version: _read, ...fields } = body as Record<string, unknown>;
			onProblem({ status: r.status, body: out.body, unsaved: { fields, retry: () => send(method, path, { ...fields, version: current.version }) } });
		} else if (!opts.inline) onProblem({ status: r.status, body: out.body });
	} else onProblem(null);
	await invalidate('case:data');
	return out;
}
