import { suggestions } from '$lib/server/rca/analysis';
import { idParam, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => respond((store) => suggestions(store, idParam(params.id)));
