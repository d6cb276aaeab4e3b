import { fail } from '@sveltejs/kit';
import { createToken, listTokens, revokeToken } from '$lib/server/auth/accounts';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	tokens: locals.authOn && locals.user ? await listTokens(await workspace(), locals.user.id) : []
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		if (!locals.authOn || !locals.user) return fail(400, { error: 'Accounts are off.' });
		const t = await createToken(await workspace(), locals.user.id, (await request.formData()).get('name'));
		return { created: t };
	},
	revoke: async ({ request, locals }) => {
		if (!locals.authOn || !locals.user) return fail(400, { error: 'Accounts are off.' });
		await revokeToken(await workspace(), Number((await request.formData()).get('id')), locals.user);
		return { revoked: true };
	}
};
