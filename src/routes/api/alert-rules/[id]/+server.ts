import { deleteOneRule, getOneRule, patchOneRule } from '$lib/server/alerts/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => getOneRule(params.id);
export const PATCH: RequestHandler = ({ params, request }) => patchOneRule(params.id, request);
export const DELETE: RequestHandler = ({ params }) => deleteOneRule(params.id);
