// Alerts in the running server: rules are evaluated after every import that
// changed tickets (after its transaction committed), on a schedule
// (CAUSEWAY_ALERT_CRON, in-process with croner) and once at start (an import made
// with the CLI while the server was down). The weekly review goes out on
// CAUSEWAY_REVIEW_CRON in CAUSEWAY_TZ; a run missed while the server was down is
// made at the next start (schedule_state keeps the last run), and a week already
// sent is never sent again.
import { Cron } from 'croner';
import type { Store } from '../db';
import { onImported, workspaceTz } from '../ingest/importer';
import { alertConfig } from './config';
import { evaluateAll } from './evaluate';
import { getState, sendReviews, setState } from './review';

const REVIEW_RUN = 'review:last-run';
let started: { jobs: Cron[] } | null = null;

function log(what: string, e: unknown) {
	console.error(`causeway: ${what}: ${(e as Error).message?.split('\n')[0] ?? e}`);
}

async function reviewRun(store: Store, at: Date) {
	await sendReviews(store);
	await setState(store, REVIEW_RUN, at.toISOString());
}

export async function startAlerts(store: Store): Promise<void> {
	if (started) return;
	const cfg = alertConfig();
	const tz = workspaceTz();
	onImported((summary) => {
		if (summary.rowsInserted + summary.rowsUpdated === 0) return; // nothing changed: nothing to evaluate
		evaluateAll(store, { datasetId: summary.dataset?.id }).catch((e) => log('evaluating alerts after an import', e));
	});
	// unref: the schedule must not keep the process alive (SIGTERM ends the server)
	const evaluate = new Cron(cfg.evaluateCron, { timezone: tz, protect: true, unref: true, catch: (e) => log('scheduled alert evaluation', e) }, () => evaluateAll(store).then(() => undefined));
	const review = new Cron(cfg.reviewCron, { timezone: tz, protect: true, unref: true, catch: (e) => log('weekly review', e) }, () => reviewRun(store, new Date()));
	started = { jobs: [evaluate, review] };
	// catch up: the evaluation now, the review when its last due time passed unsent
	evaluateAll(store).catch((e) => log('evaluating alerts at start', e));
	const due = review.previousRuns(1, new Date())[0];
	const last = await getState(store, REVIEW_RUN);
	if (last === null) await setState(store, REVIEW_RUN, new Date().toISOString()); // a new install does not send at once
	else if (due && new Date(last) < due) reviewRun(store, due).catch((e) => log('weekly review (missed run)', e));
}

export function stopAlerts(): void {
	for (const j of started?.jobs ?? []) j.stop();
	started = null;
}
