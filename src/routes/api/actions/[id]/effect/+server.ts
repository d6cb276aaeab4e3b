import { actionEffect } from '$lib/server/rca/analysis';
import { idParam, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => respond((store) => actionEffect(store, idParam(params.id)));
