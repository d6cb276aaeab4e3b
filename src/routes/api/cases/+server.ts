import { createCase, listCases } from '$lib/server/rca/cases';
import { readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => respond((store) => listCases(store));
export const POST: RequestHandler = ({ request }) => respond(async (store) => createCase(store, await readJson(request)), 201);
