import { errorResponse } from '$lib/server/analytics/http';
import { caseReport } from '$lib/server/rca/report';
import { idParam } from '$lib/server/respond';
import { workspace } from '$lib/server/workspace';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	try {
		const text = await caseReport(await workspace(), idParam(params.id));
		return new Response(text, { headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `inline; filename="case-${params.id}.md"` } });
	} catch (e) {
		return errorResponse(e);
	}
};
