import { getImports, postImport } from '$lib/server/ingest/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, url }) => postImport(request, url);
export const GET: RequestHandler = ({ url }) => getImports(url);
