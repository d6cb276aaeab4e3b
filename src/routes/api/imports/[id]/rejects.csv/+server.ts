import { rejectsCsv } from '$lib/server/ingest/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => rejectsCsv(params.id);
