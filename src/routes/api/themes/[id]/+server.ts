import { datasetIdOf } from '$lib/server/text/http';
import { deleteTheme } from '$lib/server/text/themes';
import { idParam, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = ({ url, params }) =>
	respond(async (store) => {
		await deleteTheme(store, await datasetIdOf(store, url), idParam(params.id));
		return { deleted: idParam(params.id) };
	});
