import { fail, redirect } from '@sveltejs/kit';
import { MAX_NAME, userCount } from '$lib/server/auth/accounts';
import { overHttps, safeNext, signIn, startSession } from '$lib/server/auth/signin';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.authOn) redirect(303, '/');
	if ((await userCount(await workspace())) === 0) redirect(303, '/setup');
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const form = await request.formData();
		const name = String(form.get('name') ?? '');
		const store = await workspace();
		const r = await signIn(store, name, String(form.get('password') ?? ''), getClientAddress());
		if ('error' in r) return fail(r.status, { error: r.error, name: name.slice(0, MAX_NAME) });
		await startSession(store, cookies, r.user, overHttps(request));
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
