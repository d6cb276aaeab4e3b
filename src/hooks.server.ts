import type { Handle, ServerInit } from '@sveltejs/kit';
import { pickLang } from '$lib/i18n';
import { workspace } from '$lib/server/workspace';

// Open the database (and load the samples on first run) before serving.
export const init: ServerInit = async () => {
	await workspace();
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.lang = pickLang(event.cookies.get('lang'), event.request.headers.get('accept-language'));
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang === 'zh' ? 'zh-CN' : 'en') });
};
