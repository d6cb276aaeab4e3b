import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/signin';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const everywhere = (await request.formData()).get('everywhere') === 'on';
		await signOut(await workspace(), cookies, locals.user, everywhere);
		redirect(303, '/login');
	}
};
