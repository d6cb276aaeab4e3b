import { json, type Handle, type ServerInit } from '@sveltejs/kit';
import { pickLang } from '$lib/i18n';
import { workspace } from '$lib/server/workspace';

// Open the database (and load the samples on first run) before serving.
export const init: ServerInit = async () => {
	await workspace();
};

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A write from a page on another site: the browser says where it came from, and it is not us. */
export function crossSite(method: string, origin: string | null, host: string | null): boolean {
	if (SAFE.has(method) || origin === null) return false;
	try {
		return new URL(origin).host !== host;
	} catch {
		return true;
	}
}

export const handle: Handle = async ({ event, resolve }) => {
	const h = event.request.headers;
	if (crossSite(event.request.method, h.get('origin'), h.get('host')))
		return json({ error: 'Cross-site requests are not accepted.' }, { status: 403 });
	event.locals.lang = pickLang(event.cookies.get('lang'), event.request.headers.get('accept-language'));
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang === 'zh' ? 'zh-CN' : 'en') });
};
