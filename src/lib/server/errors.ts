// Errors a request can cause, each with its HTTP status; routes turn them into
// `{error}` answers (src/lib/server/analytics/http.ts).

export class BadRequest extends Error {
	readonly status: number = 400;
}

export class NotFound extends Error {
	readonly status = 404;
}

/** Someone saved in between: `current` is what is stored now. */
export class Conflict extends Error {
	readonly status = 409;
	constructor(
		message: string,
		readonly current: unknown = null
	) {
		super(message);
	}
}
