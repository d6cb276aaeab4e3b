// Security headers on every answer of the app (static files are served before
// hooks.server.ts and carry sirv's own). Pages also get SvelteKit's
// Content-Security-Policy (kit.csp in svelte.config.js, with nonces for its
// inline scripts); anything that is not a page gets a policy that allows nothing.

const COMMON: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin',
	'cross-origin-opener-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()'
};

/** For JSON, CSV, Markdown and plain-text answers: nothing in them may run or be framed. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

export function withSecurityHeaders(response: Response): Response {
	try {
		const h = response.headers;
		for (const [k, v] of Object.entries(COMMON)) if (!h.has(k)) h.set(k, v);
		const type = h.get('content-type') ?? '';
		if (!h.has('content-security-policy') && !type.startsWith('text/html')) h.set('content-security-policy', NON_PAGE_CSP);
		// answers hold the workspace's data: no shared cache may keep them
		if (!h.has('cache-control')) h.set('cache-control', 'private, no-store');
		return response;
	} catch {
		// immutable headers (a Response.redirect or a fetched response): copy it
		const copy = new Response(response.body, response);
		return copy.headers.has('x-content-type-options') ? copy : withSecurityHeaders(copy);
	}
}
