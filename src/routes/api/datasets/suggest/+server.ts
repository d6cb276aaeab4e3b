import { suggestionFor } from '$lib/server/datasets';
import { readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request }) => respond(async (store) => suggestionFor(store, await readJson(request)));
