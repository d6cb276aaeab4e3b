import { error, json, type Handle, type ServerInit } from '@sveltejs/kit';
import { allows, requiredRole } from '$lib/auth/policy';
import { pickLang, roleLabel, tf } from '$lib/i18n';
import { adminFromEnv, sessionUser, tokenUser, userCount } from '$lib/server/auth/accounts';
import { audit } from '$lib/server/auth/audit';
import { authEnabled, LOCAL_USER, loopbackHost, SESSION_COOKIE } from '$lib/server/auth/mode';
import { drain, limitBody } from '$lib/server/bodies';
import { withSecurityHeaders } from '$lib/server/headers';
import { workspace } from '$lib/server/workspace';
import { startAlerts } from '$lib/server/alerts/schedule';

const AUTH = authEnabled();

// Open the database (and load the samples on first run) before serving.
export const init: ServerInit = async () => {
	let store;
	try {
		store = await workspace();
	} catch (e) {
		// one clear line, not a stack: a second server on the same file, an unwritable path, a full disk
		console.error(`causeway: cannot start: ${startError(e)}`);
		process.exit(1);
	}
	try {
		await startAlerts(store);
	} catch (e) {
		console.error(`causeway: cannot start: alerts: ${(e as Error).message.split('\n')[0]}`);
		process.exit(1);
	}
	if (AUTH) await adminFromEnv(store);
	else console.log('causeway: single-user mode (CAUSEWAY_AUTH=off on loopback): no sign-in');
	if (process.env.CAUSEWAY_AUTH === 'off' && AUTH) console.warn('causeway: CAUSEWAY_AUTH=off is ignored: the server is not bound to loopback only');
};

export function startError(e: unknown): string {
	const msg = (e as Error).message ?? String(e);
	const lock = /Could not set lock on file "([^"]+)".*?PID (\d+)/.exec(msg);
	if (lock) return `the database ${lock[1]} is in use by another process (PID ${lock[2]}), probably another Causeway server: DuckDB allows one writer per file. Stop it, or set CAUSEWAY_DB to another file.`;
	return msg.split('\n')[0];
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A write from a page on another site: the browser says where it came from, and it is not us. */
export function crossSite(method: string, origin: string | null, host: string | null, fetchSite: string | null = null): boolean {
	if (SAFE.has(method)) return false;
	// a browser that sends no Origin still says where a request came from
	if (fetchSite === 'cross-site') return true;
	if (origin === null) return false;
	try {
		return new URL(origin).host !== host;
	} catch {
		return true;
	}
}

export const handle: Handle = async (input) => {
	const request = input.event.request;
	const response = await guarded(input);
	// answered without reading the body (401, 403, 421 …): drop it, so the connection does not hang
	if (request.body && !request.bodyUsed && !request.body.locked) drain(request.body);
	return withSecurityHeaders(response);
};

const guarded: Handle = async ({ event, resolve }) => {
	const h = event.request.headers;
	const method = event.request.method;
	// single-user mode has no sign-in: answer only requests addressed to this machine (DNS rebinding)
	if (!AUTH && !loopbackHost(h.get('host')))
		return new Response('Causeway runs in single-user mode (CAUSEWAY_AUTH=off) and answers only requests addressed to localhost, 127.0.0.1 or [::1]. Turn accounts on to serve other names.\n', {
			status: 421,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	if (crossSite(method, h.get('origin'), h.get('host'), h.get('sec-fetch-site'))) return json({ error: 'Cross-site requests are not accepted.' }, { status: 403 });
	event.locals.lang = pickLang(event.cookies.get('lang'), h.get('accept-language'));
	event.locals.authOn = AUTH;
	event.locals.user = AUTH ? null : LOCAL_USER;
	const api = event.url.pathname.startsWith('/api/');
	const need = requiredRole(event.route.id, method);
	if (AUTH && need !== 'public') {
		const store = await workspace();
		const bearer = /^Bearer\s+(\S+)$/i.exec(h.get('authorization') ?? '')?.[1];
		if (bearer) {
			event.locals.user = await tokenUser(store, bearer);
			if (!event.locals.user) return json({ error: 'That API token is not valid (unknown, revoked or expired).' }, { status: 401 });
		} else {
			const cookie = event.cookies.get(SESSION_COOKIE);
			if (cookie) event.locals.user = await sessionUser(store, cookie);
		}
		const user = event.locals.user;
		if (!user) {
			if (api) return json({ error: 'Sign in first: a session cookie, or Authorization: Bearer <API token>.' }, { status: 401 });
			const to = (await userCount(store)) === 0 ? '/setup' : `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`;
			return new Response(null, { status: 303, headers: { location: to } });
		}
		if (!allows(user.role, need)) {
			const message = `This needs the ${need} role; ${user.name} is ${user.role}.`;
			if (api) return json({ error: message }, { status: 403 });
			const lang = event.locals.lang;
			const said = tf(lang, 'role.needs', { need: roleLabel(lang, need), name: user.name, role: roleLabel(lang, user.role) });
			// a form posted with use:enhance reads an action result; a page or its data: the error page
			if (event.request.headers.get('x-sveltekit-action') === 'true') return json({ type: 'error', status: 403, error: { message: said } }, { status: 403 });
			error(403, said);
		}
	}
	// the body, at most the route's limit, before the route sees it (src/lib/server/bodies.ts)
	if (!SAFE.has(method)) {
		const body = await limitBody(event.request, event.route.id);
		if (!body.ok)
			return api || !event.route.id ? json({ error: body.message }, { status: body.status }) : new Response(`${body.message}\n`, { status: body.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
		event.request = body.request;
	}
	const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang === 'zh' ? 'zh-CN' : 'en') });
	// every successful write, whoever made it
	if (!SAFE.has(method) && need !== 'public' && response.status < 400) {
		const u = event.locals.user;
		await audit(await workspace(), { user: u?.name ?? null, role: u?.role ?? null, action: `${method} ${event.route.id ?? event.url.pathname}`, target: event.url.pathname + event.url.search, status: response.status }).catch((e) =>
			console.error('causeway: audit log write failed:', (e as Error).message)
		);
	}
	return response;
};
