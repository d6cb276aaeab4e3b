import { postWorkbookPreview } from '$lib/server/ingest/http';
import type { RequestHandler } from './$types';

/** The preview of an Excel workbook for the import page: its sheets and the first rows of one as CSV. */
export const POST: RequestHandler = ({ request, url }) => postWorkbookPreview(request, url);
