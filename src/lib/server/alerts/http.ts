// The alerts API's logic, so the routes stay thin. What leaves is publicRule:
// never a destination's URL path, query or secret.
import { json } from '@sveltejs/kit';
import { errorResponse } from '../analytics/http';
import { BadRequest } from '../errors';
import { idParam, readJson } from '../respond';
import { workspace } from '../workspace';
import { datasetFor } from '../datasets';
import { acknowledge, evaluateRule, listAlerts, testRule } from './evaluate';
import { testReview } from './review';
import { createRule, deleteRule, getRule, listRules, patchRule, publicRule } from './rules';

type User = { name: string } | null | undefined;

async function run(fn: () => Promise<unknown>, status = 200): Promise<Response> {
	try {
		return json(await fn(), { status });
	} catch (e) {
		return errorResponse(e);
	}
}

export const getRules = (url: URL) =>
	run(async () => {
		const store = await workspace();
		const dataset = url.searchParams.get('dataset');
		const datasetId = dataset ? ((await datasetFor(store, dataset))?.id ?? null) : null;
		return { rows: (await listRules(store)).filter((r) => datasetId === null || r.datasetId === datasetId).map(publicRule) };
	});

export const postRule = (request: Request, user: User) =>
	run(async () => {
		const store = await workspace();
		const rule = await createRule(store, await readJson(request), user?.name ?? null);
		// a new rule looks at the data it can see now (its since period on), without waiting for the next import
		if (rule.kind === 'spike' && rule.enabled) await evaluateRule(store, rule).catch((e) => console.error(`causeway: alert rule ${rule.id}: ${(e as Error).message}`));
		return publicRule(rule);
	}, 201);

export const getOneRule = (id: string) => run(async () => publicRule(await getRule(await workspace(), idParam(id))));

export const patchOneRule = (id: string, request: Request) => run(async () => publicRule(await patchRule(await workspace(), idParam(id), await readJson(request))));

export const deleteOneRule = (id: string) => run(async () => deleteRule(await workspace(), idParam(id)));

export const postTest = (id: string, request: Request) =>
	run(async () => {
		const store = await workspace();
		const body = await readJson(request);
		const destination = body.destinationId === undefined || body.destinationId === null ? null : String(body.destinationId);
		const rule = await getRule(store, idParam(id));
		if (rule.kind === 'review') {
			const r = await testReview(store, rule.id);
			return { delivered: r.delivered, week: r.week };
		}
		return testRule(store, rule.id, destination);
	});

export const getAlerts = (url: URL) =>
	run(async () => {
		const rule = url.searchParams.get('rule');
		const store = await workspace();
		const dataset = url.searchParams.get('dataset');
		const datasetId = dataset ? ((await datasetFor(store, dataset))?.id ?? null) : null;
		const limit = url.searchParams.get('limit');
		if (limit !== null && !/^\d{1,4}$/.test(limit)) throw new BadRequest('limit is a number up to 1000.');
		return { rows: await listAlerts(store, { ruleId: rule ? idParam(rule) : null, datasetId, limit: limit ? Number(limit) : undefined }) };
	});

export const postAcknowledge = (id: string, request: Request, user: User) =>
	run(async () => {
		const body = await readJson(request);
		return acknowledge(await workspace(), idParam(id), user?.name ?? null, body.undo === true);
	});
