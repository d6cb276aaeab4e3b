// Errors a request can cause, each with its HTTP status; routes turn them into
// `{error}` answers (src/lib/server/analytics/http.ts). `said` names the same
// message in the catalogue (src/lib/i18n.ts) and the field it is about, so a
// page shows it in the UI language next to its control; `error` stays English.

export interface Said {
	key: string;
	params?: Record<string, string | number>;
	field?: string;
}

export class BadRequest extends Error {
	readonly status: number = 400;
	constructor(
		message: string,
		readonly said?: Said
	) {
		super(message);
	}
}

export class NotFound extends Error {
	readonly status = 404;
	constructor(
		message: string,
		readonly said?: Said
	) {
		super(message);
	}
}

/** Someone saved in between: `current` is what is stored now. */
export class Conflict extends Error {
	readonly status = 409;
	constructor(
		message: string,
		readonly current: unknown = null,
		readonly said?: Said
	) {
		super(message);
	}
}

/** The JSON body of a request error: the English sentence plus, when known, its catalogue key. */
export function errorBody(e: BadRequest | NotFound | Conflict): Record<string, unknown> {
	const s = e.said;
	return { error: e.message, ...(s ? { key: s.key, params: s.params ?? {}, field: s.field ?? null } : {}) };
}
