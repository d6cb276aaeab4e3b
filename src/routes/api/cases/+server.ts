import { createCase, listCases } from '$lib/server/rca/cases';
import { datasetFor } from '$lib/server/datasets';
import { readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

/** The cases of the dataset named by `?dataset=` (id or name), else of the default dataset. */
export const GET: RequestHandler = ({ url }) => respond(async (store) => listCases(store, (await datasetFor(store, url.searchParams.get('dataset')))?.id ?? null));
export const POST: RequestHandler = ({ request }) => respond(async (store) => createCase(store, await readJson(request)), 201);
