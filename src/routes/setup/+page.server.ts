import { fail, redirect } from '@sveltejs/kit';
import { createUser, MAX_NAME, userCount } from '$lib/server/auth/accounts';
import { audit } from '$lib/server/auth/audit';
import { overHttps, startSession } from '$lib/server/auth/signin';
import { BadRequest, Conflict } from '$lib/server/errors';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

// First run with accounts on: whoever opens Causeway first sets the admin password.
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.authOn) redirect(303, '/');
	if ((await userCount(await workspace())) > 0) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		const name = String(form.get('name') ?? 'admin');
		const shown = name.slice(0, MAX_NAME);
		const password = String(form.get('password') ?? '');
		if (password !== String(form.get('again') ?? '')) return fail(400, { error: 'The two passwords differ. 两次输入的密码不一致。', name: shown });
		const store = await workspace();
		// once there is an admin this form does nothing: answer before hashing anything (bcrypt is the costly part)
		if ((await userCount(store)) > 0) redirect(303, '/login');
		try {
			const user = await createUser(store, { name, password, role: 'admin' }, { onlyIfFirst: true });
			await audit(store, { user: user.name, role: 'admin', action: 'first admin created', status: 200 });
			await startSession(store, cookies, user, overHttps(request));
		} catch (e) {
			if (e instanceof BadRequest || e instanceof Conflict) return fail(e.status, { error: e.message, name: shown });
			throw e;
		}
		redirect(303, '/');
	}
};
