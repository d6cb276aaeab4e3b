import { createUser, listUsers } from '$lib/server/auth/accounts';
import { readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => respond(async (store) => ({ rows: await listUsers(store) }));
export const POST: RequestHandler = ({ request }) =>
	respond(async (store) => {
		const b = await readJson(request);
		return createUser(store, { name: b.name, password: b.password, role: b.role });
	}, 201);
