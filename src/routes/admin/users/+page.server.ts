import { fail } from '@sveltejs/kit';
import { createUser, listUsers, updateUser } from '$lib/server/auth/accounts';
import { BadRequest, Conflict, NotFound } from '$lib/server/errors';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ users: locals.authOn ? await listUsers(await workspace()) : [] });

async function attempt(fn: () => Promise<unknown>) {
	try {
		await fn();
		return { ok: true };
	} catch (e) {
		if (e instanceof BadRequest || e instanceof Conflict || e instanceof NotFound) return fail(e.status, { error: e.message });
		throw e;
	}
}

export const actions: Actions = {
	create: async ({ request }) => {
		const f = await request.formData();
		return attempt(async () => createUser(await workspace(), { name: f.get('name'), password: f.get('password'), role: f.get('role') }));
	},
	update: async ({ request }) => {
		const f = await request.formData();
		const body: Record<string, unknown> = { role: f.get('role'), disabled: f.get('disabled') === 'on' };
		if (f.get('password')) body.password = f.get('password');
		return attempt(async () => updateUser(await workspace(), Number(f.get('id')), body));
	}
};
