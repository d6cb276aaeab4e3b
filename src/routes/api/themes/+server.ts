import { datasetIdOf } from '$lib/server/text/http';
import { listThemes, saveTheme } from '$lib/server/text/themes';
import { readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => respond(async (store) => ({ rows: await listThemes(store, await datasetIdOf(store, url)) }));
export const POST: RequestHandler = ({ url, request }) => respond(async (store) => saveTheme(store, await datasetIdOf(store, url), await readJson(request)), 201);
