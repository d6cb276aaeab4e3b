import { unpinTicket } from '$lib/server/rca/cases';
import { idParam, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = ({ params }) => respond((store) => unpinTicket(store, idParam(params.id)));
