import { datasetIdOf } from '$lib/server/text/http';
import { textSettings } from '$lib/server/text/indexer';
import { saveTextSettings } from '$lib/server/text/themes';
import { readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => respond(async (store) => textSettings(store, await datasetIdOf(store, url)));
export const PUT: RequestHandler = ({ url, request }) => respond(async (store) => saveTextSettings(store, await datasetIdOf(store, url), await readJson(request)));
