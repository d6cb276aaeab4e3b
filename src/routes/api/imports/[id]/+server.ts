import { deleteOneImport, getOneImport } from '$lib/server/ingest/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => getOneImport(params.id);
export const DELETE: RequestHandler = ({ params }) => deleteOneImport(params.id);
