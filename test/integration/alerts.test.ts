// Alerts through the real server and real receivers on 127.0.0.1: import the
// sample's first three months, then the rest, and the April 支付失败 spike reaches
// every destination once (企业微信, 钉钉 signed URL, 飞书 signature, Slack, a
// signed webhook, SMTP); the same import again sends nothing; a restart sends
// nothing; test messages; the weekly review by e-mail and as a card; secrets
// never come back; retries, time limits, redirects and the host allow-list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';
import { SECRETS, startReceivers, until, type Receivers } from '../helpers/receivers';

let server: RunningServer;
let rx: Receivers;
let cleanup: () => void;
let dir: string;
let env: Record<string, string>;
const files: Record<'q1' | 'rest', string> = { q1: '', rest: '' };

async function call(method: string, path: string, body?: unknown) {
	const r = await fetch(server.url + path, { method, headers: { 'accept-language': 'zh-CN', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
	const text = await r.text();
	return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, text };
}

async function upload(name: 'q1' | 'rest') {
	const r = await fetch(`${server.url}/api/imports?name=${name}.csv`, { method: 'POST', body: files[name], headers: { 'content-type': 'text/csv' } });
	expect(r.status).toBe(200);
	return r.json();
}

const settle = () => new Promise((r) => setTimeout(r, 1500));

beforeAll(async () => {
	const t = tempDir();
	cleanup = t.cleanup;
	dir = t.dir;
	rx = await startReceivers();
	// the sample split at 2024-04-01 (CSV-aware: descriptions hold quotes)
	const text = readFileSync(join(ROOT, 'data/samples/tickets-2024H1.csv'), 'utf8');
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
	const [header, ...rows] = parsed.data;
	const at = header.indexOf('问题发生时间');
	files.q1 = Papa.unparse([header, ...rows.filter((r) => r[at] < '2024-04-01')]);
	files.rest = Papa.unparse([header, ...rows.filter((r) => r[at] >= '2024-04-01')]);
	env = {
		CAUSEWAY_DB: join(dir, 'alerts.duckdb'),
		CAUSEWAY_SEED: 'off',
		CAUSEWAY_PUBLIC_URL: 'http://127.0.0.1:9/',
		CAUSEWAY_ALERT_ALLOW_HOSTS: '127.0.0.1',
		CAUSEWAY_SMTP_HOST: '127.0.0.1',
		CAUSEWAY_SMTP_PORT: String(rx.smtpPort),
		CAUSEWAY_SMTP_USER: 'causeway',
		CAUSEWAY_SMTP_PASS: 'smtp-pass',
		CAUSEWAY_SMTP_FROM: 'alerts@causeway.test',
		CAUSEWAY_ALERT_TIMEOUT_MS: '3000',
		CAUSEWAY_ALERT_BACKOFF_MS: '50',
		CAUSEWAY_ALERT_CRON: '0 0 1 1 *'
	};
	server = await startServer(env);
}, 90_000);

afterAll(async () => {
	await server?.stop();
	await rx?.close();
	cleanup?.();
});

const destinations = () => [
	{ kind: 'wecom', url: `${rx.url}/wecom/cgi-bin/webhook/send?key=wecom-key-123` },
	{ kind: 'dingtalk', url: `${rx.url}/dingtalk/robot/send?access_token=ding-token-456`, secret: SECRETS.dingtalk },
	{ kind: 'feishu', url: `${rx.url}/feishu/open-apis/bot/v2/hook/feishu-hook-789`, secret: SECRETS.feishu },
	{ kind: 'slack', url: `${rx.url}/slack/services/T000/B000/slack-token-abc` },
	{ kind: 'webhook', url: `${rx.url}/webhook/in`, secret: SECRETS.webhook },
	{ kind: 'email', to: ['oncall@causeway.test', 'pm@causeway.test'] }
];

describe('the April 支付失败 spike reaches every receiver once', () => {
	let ruleId: number;

	it('creates a rule; secrets and URL keys never come back', async () => {
		const r = await call('POST', '/api/alert-rules', { name: '支付失败周报警', filter: 'subcategory=支付失败', grain: 'week', destinations: destinations() });
		expect(r.status).toBe(201);
		ruleId = r.body.id;
		expect(r.body).toMatchObject({ kind: 'spike', grain: 'week', p: 0.01, minCount: 5, minRisePct: 50, filter: 'subcategory=%E6%94%AF%E4%BB%98%E5%A4%B1%E8%B4%A5', since: null });
		expect(r.body.destinations.map((d: { kind: string }) => d.kind)).toEqual(['wecom', 'dingtalk', 'feishu', 'slack', 'webhook', 'email']);
		expect(r.body.destinations[1]).toMatchObject({ target: rx.url, hasSecret: true });
		for (const text of [r.text, (await call('GET', '/api/alert-rules')).text, (await call('GET', `/api/alert-rules/${ruleId}`)).text]) {
			for (const secret of [...Object.values(SECRETS), 'wecom-key-123', 'ding-token-456', 'feishu-hook-789', 'slack-token-abc']) expect(text).not.toContain(secret);
		}
	});

	let caseId: number;
	it('the first three months alert nothing', async () => {
		const s = await upload('q1');
		// a case opened on the first three months: the rest brings it new tickets
		const c = await call('POST', '/api/cases', { title: '支付失败', problem: '支付失败 上升', effect: 'subcategory=支付失败', window: { from: '2024-03-18', to: '2024-03-24' }, baseline: { from: '2024-03-11', to: '2024-03-17' } });
		expect(c.status).toBe(201);
		caseId = c.body.id;
		expect(s.rowsInserted).toBeGreaterThan(1500);
		await settle();
		expect((await call('GET', `/api/alerts?rule=${ruleId}`)).body.rows).toEqual([]);
		expect(rx.received).toEqual([]);
		expect(rx.mails).toEqual([]);
	});

	it('the rest fires the week of 2024-04-01 once, to each destination, in its own format', async () => {
		await upload('rest');
		await until(() => rx.received.length >= 5 && rx.mails.length >= 1, 20_000, 'the alert at every receiver');
		await settle();
		const alerts = (await call('GET', `/api/alerts?rule=${ruleId}`)).body.rows;
		expect(alerts).toHaveLength(1);
		const a = alerts[0];
		expect(a).toMatchObject({ ruleId, key: '', period: '2024-04-01', count: 40, acknowledged: false });
		expect(a.baseline).toBeGreaterThan(8);
		expect(a.baseline).toBeLessThan(12);
		expect(a.p).toBeLessThan(0.001);
		expect(a.deliveries.map((d: { kind: string; ok: boolean }) => `${d.kind}:${d.ok}`).sort()).toEqual(['dingtalk:true', 'email:true', 'feishu:true', 'slack:true', 'webhook:true', 'wecom:true']);
		const line = a.message as string;
		expect(line).toMatch(/^2024-04-01 周 支付失败 40 张，较基线上升 \d+%（p < 0\.001）$/);
		// one message per receiver, each as the service documents it (the receiver checked signatures)
		for (const kind of ['wecom', 'dingtalk', 'feishu', 'slack', 'webhook']) {
			const got = rx.of(kind);
			expect(got, kind).toHaveLength(1);
			expect(got[0].problem, kind).toBeNull();
			expect(got[0].raw, kind).toContain('2024-04-01 周 支付失败 40 张');
			expect(got[0].raw, kind).toContain(`http://127.0.0.1:9/alerts?alert=${a.id}`);
		}
		expect(rx.of('wecom')[0].query.get('key')).toBe('wecom-key-123');
		// a retry after a lost answer is recognisable: the same delivery id
		expect(rx.of('webhook')[0].headers['x-causeway-delivery']).toMatch(/^[0-9a-f]{16}$/);
		expect((rx.of('webhook')[0].body as { alerts: { period: string; count: number }[] }).alerts[0]).toMatchObject({ period: '2024-04-01', count: 40 });
		expect(rx.mails).toHaveLength(1);
		const mail = rx.mails[0];
		expect(mail.subject).toBe('突增告警：支付失败周报警');
		expect(mail.text).toContain('2024-04-01 周 支付失败 40 张');
		expect(mail.html || '').toContain('2024-04-01 周 支付失败 40 张');
		expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address)).toEqual(['oncall@causeway.test', 'pm@causeway.test']);
		expect(mail.from?.value[0].address).toBe('alerts@causeway.test');
	});

	it('the same imports again send nothing', async () => {
		const before = rx.received.length;
		expect((await upload('rest')).rowsInserted).toBe(0);
		expect((await upload('q1')).rowsInserted).toBe(0);
		await settle();
		expect(rx.received.length).toBe(before);
		expect(rx.mails).toHaveLength(1);
		expect((await call('GET', `/api/alerts?rule=${ruleId}`)).body.rows).toHaveLength(1);
	});

	it('a restart evaluates again and sends nothing new', async () => {
		const before = rx.received.length;
		await server.stop();
		server = await startServer(env);
		await settle();
		expect(rx.received.length).toBe(before);
		expect((await call('GET', '/api/alerts')).body.rows).toHaveLength(1);
	});

	it('counts the new tickets of an open case: since it opened, since you last looked', async () => {
		const after = (await call('GET', '/api/stats/pareto?from=2024-04-01&to=2024-06-30&dim=subcategory&subcategory=支付失败')).body.total;
		expect(after).toBeGreaterThan(200);
		const list = (await call('GET', '/cases')).text;
		expect(list).toContain(`+${after}（新 ${after}）`);
		const first = (await call('GET', `/cases/${caseId}`)).text;
		expect(first).toContain(`自案例创建以来新增 ${after} 张匹配的工单。`);
		const again = (await call('GET', `/cases/${caseId}`)).text;
		expect(again).toContain(`自案例创建以来新增 ${after} 张匹配的工单，自你上次查看以来 0 张。`);
		expect((await call('GET', '/cases')).text).toContain(`+${after}（新 0）`);
		// the case's own alert: its effect, its dataset
		const r = await call('POST', '/api/alert-rules', { caseId, name: '支付失败复发', filter: 'subcategory=支付失败', grain: 'week', destinations: [{ kind: 'webhook', url: `${rx.url}/webhook/case`, secret: SECRETS.webhook }] });
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({ caseId, datasetId: (await call('GET', `/api/cases/${caseId}`)).body.datasetId, since: '2024-06-30' });
		expect((await call('POST', '/api/alert-rules', { caseId: 999999, name: 'x', grain: 'week', destinations: destinations() })).status).toBe(400);
	});

	it('acknowledge', async () => {
		const id = (await call('GET', `/api/alerts?rule=${ruleId}`)).body.rows[0].id;
		const r = await call('POST', `/api/alerts/${id}/acknowledge`, {});
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ id, acknowledged: true, acknowledgedBy: 'local' });
		expect((await call('POST', '/api/alerts/999999/acknowledge', {})).status).toBe(404);
	});

	it('send a test message: every destination, or one', async () => {
		const before = rx.received.length;
		const r = await call('POST', `/api/alert-rules/${ruleId}/test`, {});
		expect(r.status).toBe(200);
		expect(r.body.delivered.every((d: { ok: boolean }) => d.ok)).toBe(true);
		expect(rx.received.length).toBe(before + 5);
		expect(rx.received.slice(before).every((x) => x.problem === null && x.raw.includes('测试消息'))).toBe(true);
		await until(() => rx.mails.length === 2, 5000, 'the test mail');
		const rule = (await call('GET', `/api/alert-rules/${ruleId}`)).body;
		const one = await call('POST', `/api/alert-rules/${ruleId}/test`, { destinationId: rule.destinations[4].id });
		expect(one.body.delivered).toEqual([{ destinationId: rule.destinations[4].id, kind: 'webhook', ok: true }]);
		expect((await call('POST', `/api/alert-rules/${ruleId}/test`, { destinationId: 'nope' })).status).toBe(404);
	});

	it('a PATCH that leaves out url and secret keeps them (and still never shows them)', async () => {
		const rule = (await call('GET', `/api/alert-rules/${ruleId}`)).body;
		const r = await call('PATCH', `/api/alert-rules/${ruleId}`, { name: '支付失败', destinations: rule.destinations.map((d: { id: string; kind: string; to?: string[] }) => ({ id: d.id, kind: d.kind, to: d.to })) });
		expect(r.status).toBe(200);
		expect(r.body.destinations.map((d: { hasSecret: boolean }) => d.hasSecret)).toEqual([false, true, true, false, true, false]);
		const before = rx.received.length;
		await call('POST', `/api/alert-rules/${ruleId}/test`, {});
		expect(rx.received.slice(before).map((x) => x.problem)).toEqual([null, null, null, null, null]);
	});
});

describe('a day-grain rule split by subcategory compares like weekdays', () => {
	it('created with since, it looks back and finds the April 支付失败 level shift once', async () => {
		const r = await call('POST', '/api/alert-rules', { name: 'daily', dim: 'subcategory', grain: 'day', since: '2024-03-01', destinations: [{ kind: 'webhook', url: `${rx.url}/webhook/daily`, secret: SECRETS.webhook }] });
		expect(r.status).toBe(201);
		const rows = (await call('GET', `/api/alerts?rule=${r.body.id}`)).body.rows as { key: string; period: string }[];
		// four weeks of ~6 a day against ~1.5: one alert in its first days, none for the rest of April
		const april = rows.filter((x) => x.key === '支付失败' && x.period >= '2024-04-01' && x.period <= '2024-04-30');
		expect(april).toHaveLength(1);
		expect(april[0].period <= '2024-04-07').toBe(true);
		expect(rows.every((x) => x.period >= '2024-03-01')).toBe(true);
	});
});

describe('the weekly review, delivered', () => {
	it('renders the notebook for the last full week: HTML by e-mail, a summary card to chat', async () => {
		const r = await call('POST', '/api/alert-rules', {
			kind: 'review',
			name: '质量周会',
			destinations: [
				{ kind: 'email', to: 'quality@causeway.test' },
				{ kind: 'feishu', url: `${rx.url}/feishu/open-apis/bot/v2/hook/review`, secret: SECRETS.feishu },
				{ kind: 'webhook', url: `${rx.url}/webhook/review`, secret: SECRETS.webhook }
			]
		});
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({ kind: 'review', notebook: 'weekly-review', grain: 'week' });
		const mails = rx.mails.length;
		const t = await call('POST', `/api/alert-rules/${r.body.id}/test`, {});
		expect(t.status).toBe(200);
		expect(t.body.week).toBe('2024-06-24');
		expect(t.body.delivered.map((d: { ok: boolean }) => d.ok)).toEqual([true, true, true]);
		await until(() => rx.mails.length === mails + 1, 5000, 'the review mail');
		const mail = rx.mails.at(-1)!;
		expect(mail.subject).toContain('每周质量回顾 2024-06-24 – 2024-06-30');
		expect(mail.html || '').toContain('每周工单复盘');
		expect(mail.html || '').toContain('<svg');
		expect(mail.attachments.map((a) => a.filename)).toEqual(['weekly-review-2024-06-24.html']);
		const card = rx.of('feishu').at(-1)!;
		expect(card.problem).toBeNull();
		expect(card.raw).toContain('http://127.0.0.1:9/notebooks/weekly-review?dataset=1&week=2024-06-24');
		const hook = rx.received.filter((x) => x.path === '/webhook/review').at(-1)!;
		expect(hook.body).toMatchObject({ type: 'review', week: { from: '2024-06-24', to: '2024-06-30' } });
		expect(String((hook.body!.summary as string[])[0])).toMatch(/^本周工单 \d+ 张，上周 \d+ 张/);
	});
});

describe('destinations that fail', () => {
	const rule = (kind: string, path: string, secret = SECRETS.webhook) => call('POST', '/api/alert-rules', { name: path, filter: 'subcategory=无此分类', grain: 'week', destinations: [{ kind, url: `${rx.url}${path}`, secret }] });

	it('retries with back-off: two 503s, then delivered on the third attempt', async () => {
		const r = await rule('webhook', '/flaky/x');
		const t = await call('POST', `/api/alert-rules/${r.body.id}/test`, {});
		expect(t.body.delivered[0]).toMatchObject({ ok: true });
		expect(rx.flaky).toBe(3);
	});
	it('a receiver that stays down, one that never answers, a redirect, a wrong signature: each fails with a reason', async () => {
		const down = await call('POST', `/api/alert-rules/${(await rule('webhook', '/down/x')).body.id}/test`, {});
		expect(down.body.delivered[0]).toMatchObject({ ok: false, error: 'HTTP 500' });
		const slow = await call('POST', `/api/alert-rules/${(await rule('webhook', '/slow/x')).body.id}/test`, {});
		expect(slow.body.delivered[0]).toMatchObject({ ok: false, error: 'no answer within 3000 ms' });
		const redirect = await call('POST', `/api/alert-rules/${(await rule('webhook', '/redirect/x')).body.id}/test`, {});
		expect(redirect.body.delivered[0]).toMatchObject({ ok: false, error: 'HTTP 302: redirects are not followed' });
		const badSign = await call('POST', `/api/alert-rules/${(await rule('dingtalk', '/dingtalk/robot/send?access_token=x', 'wrong-secret')).body.id}/test`, {});
		expect(badSign.body.delivered[0]).toMatchObject({ ok: false, error: 'errcode 310000: sign not match' });
	});
	it('a host outside CAUSEWAY_ALERT_ALLOW_HOSTS is refused when the rule is saved, and nothing is fetched', async () => {
		const before = rx.received.length;
		const r = await call('POST', '/api/alert-rules', { name: 'x', grain: 'week', destinations: [{ kind: 'slack', url: 'http://localhost:1/hook' }] });
		expect(r.status).toBe(400);
		expect(r.body.error).toBe('The host localhost is not in CAUSEWAY_ALERT_ALLOW_HOSTS.');
		expect((await call('POST', '/api/alert-rules', { name: 'x', grain: 'week', destinations: [{ kind: 'slack', url: 'file:///etc/passwd' }] })).body.error).toBe('The slack url must be http or https.');
		expect((await call('POST', '/api/alert-rules', { name: 'x', grain: 'week', destinations: [{ kind: 'webhook', url: `${rx.url}/webhook/x` }] })).body.error).toContain('needs a secret');
		expect((await call('POST', '/api/alert-rules', { name: 'x', grain: 'hour', destinations: destinations() })).body.error).toBe('grain is day or week.');
		expect((await call('POST', '/api/alert-rules', { name: 'x', grain: 'week', dim: 'nope', destinations: destinations() })).body.error).toContain('not a dimension');
		expect(rx.received.length).toBe(before);
	});
	it('DELETE removes the rule with its alerts', async () => {
		const r = await rule('webhook', '/webhook/gone');
		expect((await call('DELETE', `/api/alert-rules/${r.body.id}`)).body).toEqual({ id: r.body.id, alerts: 0 });
		expect((await call('GET', `/api/alert-rules/${r.body.id}`)).status).toBe(404);
	});
});
