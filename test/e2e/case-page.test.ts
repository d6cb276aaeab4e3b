// An RCA case in Chromium, as a product manager meets it on the sample data:
// Pareto of April → "Investigate" 支付失败 → a drafted case → a suggested cause
// (E2001) added and verified by a computed data comparison → tickets pinned from
// the callback list → a 5-Why chain promoted onto the fishbone → a fix marked done
// and its effect → the printable report; the fishbone exported as PNG; two tabs
// editing one case see a conflict instead of losing an edit. Screenshots go to
// test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('RCA case page (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let cleanup: () => void;
	let caseUrl = '';
	const api = async (path: string, init?: RequestInit) => {
		const r = await fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json' } });
		return { status: r.status, body: await r.json() };
	};
	const caseId = () => Number(caseUrl.split('/').pop());
	const causes = async () => (await api(`/api/cases/${caseId()}`)).body.causes as { id: number; text: string; status: string; bone: string; parentId: number | null }[];

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'case.duckdb') });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('opens a drafted case from a Pareto bar of April', async () => {
		await page.goto(`${server.url}/pareto?from=2024-04-01&to=2024-04-30&dim=subcategory`);
		const row = page.locator('tr', { hasText: '支付失败' }).first();
		await row.getByRole('link', { name: '调查' }).click();
		await page.waitForURL(/\/cases\/new/);
		const problem = await page.locator('textarea[name=problem]').inputValue();
		// the seeds' style, with the real counts of April and March
		const april = (await api('/api/stats/pareto?from=2024-04-01&to=2024-04-30&dim=subcategory&subcategory=支付失败')).body.total;
		const march = (await api('/api/stats/pareto?from=2024-03-01&to=2024-03-31&dim=subcategory&subcategory=支付失败')).body.total;
		expect(problem).toContain('2024年4月 支付失败 较上月上升');
		expect(problem).toContain(`（${april} 张，上期 ${march} 张）`);
		expect(await page.locator('input[name=baseline_from]').inputValue()).toBe('2024-03-01');
		await page.getByRole('button', { name: '创建案例' }).click();
		await page.waitForURL(/\/cases\/\d+$/);
		caseUrl = page.url();
		expect(await page.getByTestId('case-title').textContent()).toContain('支付失败');
		await page.getByTestId('effect-chart').locator('svg').first().waitFor();
	});

	it('adds the top suggestion (E2001) on the machine bone with its live count', async () => {
		const sugg = page.getByTestId('suggestions');
		const e2001 = sugg.locator('tr', { hasText: 'E2001' });
		await e2001.getByTestId('add-suggestion').click();
		const bone = page.getByTestId('bone-machine');
		await expect.poll(() => bone.getByTestId('cause').count(), { timeout: 5000 }).toBe(1);
		const [c] = await causes();
		expect(c.bone).toBe('machine');
		// the count shown is the effect's April tickets with error code E2001
		const n = (await api('/api/stats/pareto?from=2024-04-01&to=2024-04-30&dim=subcategory&subcategory=支付失败&error_code=E2001')).body.total;
		expect(await bone.getByTestId('cause').textContent()).toContain(String(n));
		expect(await page.getByTestId('fishbone').locator(`[data-cause-id="${c.id}"]`).textContent()).toContain(`· ${n}`);
	});

	it('verifies it by a computed data comparison; the status and the fishbone follow', async () => {
		const cause = page.getByTestId('bone-machine').getByTestId('cause').first();
		await cause.getByTestId('verify').click();
		await cause.getByTestId('verify-form').getByRole('button', { name: '记录验证' }).click();
		await expect.poll(() => cause.getByTestId('verify-outcome').textContent()).toContain('证实');
		await expect.poll(async () => (await causes())[0].status).toBe('verified');
		await expect.poll(() => cause.textContent()).toContain('已验证');
		expect(await page.getByTestId('fishbone').locator('[data-status="verified"]').count()).toBe(1);
		const v = (await api(`/api/cases/${caseId()}`)).body.verifications[0];
		expect(v.method).toBe('data_comparison');
		expect(v.figures.p).toBeLessThan(0.05);
	});

	it('pins a ticket from the callback list (masked contacts only)', async () => {
		const cause = page.getByTestId('bone-machine').getByTestId('cause').first();
		await cause.getByRole('button', { name: '工单/回访' }).click();
		const list = page.getByTestId('ticket-list');
		await list.locator('tbody tr').first().waitFor();
		const text = (await list.textContent())!;
		expect(text).toContain('客户（已脱敏）');
		expect(text).toMatch(/尾号 \d{4}/);
		expect(text).not.toMatch(/1[3-9]\d{9}/); // no full mobile number anywhere
		const id = (await list.locator('tbody tr').first().locator('td.id').textContent())!;
		await list.getByTestId('pin').first().click();
		await expect.poll(() => cause.getByTestId('pins').textContent()).toContain(id);
		const pins = (await api(`/api/cases/${caseId()}`)).body.pins;
		expect(pins).toEqual([expect.objectContaining({ ticketId: id, causeId: (await causes())[0].id })]);
	});

	it('builds a 5-Why chain, marks the root and promotes it onto a bone', async () => {
		const whys = page.getByTestId('whys');
		await page.getByTestId('new-why').fill('支付网关超时（E2001）');
		await page.getByTestId('new-why').press('Enter');
		await expect.poll(() => whys.getByTestId('why').count()).toBe(1);
		await whys.getByTestId('why').first().getByRole('button', { name: '+ 为什么' }).click();
		await whys.locator('input[placeholder="因为……"]').fill('网关连接池在大促时耗尽');
		await whys.getByRole('button', { name: '添加' }).click();
		await expect.poll(() => whys.getByTestId('why').count()).toBe(2);
		const leaf = whys.getByTestId('why').nth(1);
		await leaf.getByRole('button', { name: '标为根因' }).click();
		await expect.poll(() => leaf.textContent()).toContain('根因');
		await leaf.getByLabel('放到骨').selectOption('method');
		await leaf.getByTestId('promote').click();
		await expect.poll(async () => (await causes()).some((c) => c.bone === 'method' && c.text.includes('连接池'))).toBe(true);
		await expect.poll(() => page.getByTestId('bone-method').getByTestId('cause').count()).toBe(1);
	});

	it('stays readable with 30+ causes on three levels', async () => {
		const bones = ['man', 'machine', 'material', 'method', 'environment', 'measurement'];
		for (const [i, bone] of bones.entries()) {
			const root = (await api(`/api/cases/${caseId()}/causes`, { method: 'POST', body: JSON.stringify({ bone, text: `${bone} 原因 ${i}：较长的说明文字用于检查布局` }) })).body;
			const child = (await api(`/api/cases/${caseId()}/causes`, { method: 'POST', body: JSON.stringify({ bone, parentId: root.id, text: `子原因 ${i}` }) })).body;
			await api(`/api/cases/${caseId()}/causes`, { method: 'POST', body: JSON.stringify({ bone, parentId: child.id, text: `第三层 ${i}` }) });
			for (let k = 0; k < 3; k++) await api(`/api/cases/${caseId()}/causes`, { method: 'POST', body: JSON.stringify({ bone, text: `${bone} 另一个原因 ${k}`, filter: k === 0 ? 'channel=APP' : undefined }) });
		}
		await page.reload();
		const fish = page.getByTestId('fishbone');
		expect(await fish.locator('[data-cause-id]').count()).toBeGreaterThanOrEqual(38);
		// no two cause labels overlap on screen
		const rects = await fish.locator('[data-cause-id] text').evaluateAll((els) => els.filter((e) => !e.textContent!.match(/^[✓✗?○]$/)).map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
		let overlaps = 0;
		for (let i = 0; i < rects.length; i++)
			for (let j = i + 1; j < rects.length; j++) {
				const a = rects[i], b = rects[j];
				if (a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1) overlaps++;
			}
		expect(overlaps).toBe(0);
		await fish.screenshot({ path: join(shots, 'case-fishbone.png') });
	});

	it('exports the fishbone as SVG and PNG', async () => {
		const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG', exact: true }).click()]);
		const svgText = readFileSync((await svg.path())!, 'utf8');
		expect(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svgText).toContain('E2001');
		const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG', exact: true }).click()]);
		const bytes = readFileSync((await png.path())!);
		expect(bytes.subarray(1, 4).toString()).toBe('PNG');
		expect(bytes.length).toBeGreaterThan(20_000); // a drawn diagram, not a blank canvas
		expect(png.suggestedFilename()).toMatch(/fishbone\.png$/);
	});

	it('tracks a fix on the verified cause and shows its effect', async () => {
		const actions = page.getByTestId('actions');
		await actions.getByLabel('原因').selectOption({ label: (await causes())[0].text });
		await page.getByTestId('new-action').fill('网关连接池扩容并加超时重试');
		await page.getByTestId('new-action').press('Enter');
		await expect.poll(() => actions.locator('tbody tr').count(), { timeout: 5000 }).toBe(1);
		await actions.getByLabel('done at').fill('2024-05-08');
		await actions.getByTestId('mark-done').click();
		const action = (await api(`/api/cases/${caseId()}`)).body.actions[0];
		const effect = actions.getByTestId(`effect-${action.id}`);
		await expect.poll(() => effect.textContent(), { timeout: 10_000 }).toMatch(/改善|无明显变化|恶化/);
		expect((await api(`/api/cases/${caseId()}`)).body.actions[0].doneAt).toBe('2024-05-08');
		const e = (await api(`/api/actions/${action.id}/effect`)).body;
		expect(await effect.textContent()).toContain({ improved: '改善', no_change: '无明显变化', worse: '恶化' }[e.verdict as 'improved']);
		await actions.locator('svg').first().waitFor();
		await page.screenshot({ path: join(shots, 'case-page.png'), fullPage: true });
	});

	it('shows a conflict when two tabs edit the same case', async () => {
		const other = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
		await other.goto(caseUrl);
		await page.goto(caseUrl);
		await page.getByTestId('problem').fill('第一个人的修改');
		await page.getByTestId('problem').blur();
		await expect.poll(async () => (await api(`/api/cases/${caseId()}`)).body.problem).toBe('第一个人的修改');
		await other.getByTestId('problem').fill('第二个人的修改');
		await other.getByTestId('problem').blur();
		const alert = other.getByTestId('problem-alert');
		await expect.poll(() => alert.textContent()).toMatch(/有人在你之后保存了修改/);
		// nothing silently lost: the first edit is kept and shown, the second is on screen to re-apply
		expect((await api(`/api/cases/${caseId()}`)).body.problem).toBe('第一个人的修改');
		await expect.poll(() => other.getByTestId('problem').inputValue()).toBe('第一个人的修改');
		expect(await alert.locator('pre').textContent()).toContain('第二个人的修改');
		await other.screenshot({ path: join(shots, 'case-conflict.png') });
		await alert.getByTestId('keep-mine').click();
		await expect.poll(async () => (await api(`/api/cases/${caseId()}`)).body.problem).toBe('第二个人的修改');
		await other.close();
	});

	it('prints a report with the fishbone, the 5-Why tree and the effect', async () => {
		await page.goto(`${caseUrl}/report`);
		const report = page.getByTestId('report');
		await report.locator('.fishbone svg').waitFor();
		const text = (await report.textContent())!;
		expect(text).toContain('网关连接池在大促时耗尽');
		expect(text).toContain('网关连接池扩容并加超时重试');
		expect(text).toContain('已验证');
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('nav').first().isVisible()).toBe(false);
		await page.screenshot({ path: join(shots, 'case-report-print.png'), fullPage: true });
		await page.emulateMedia({ media: 'screen' });
		const md = await fetch(`${server.url}/api/cases/${caseId()}/report.md`).then((r) => r.text());
		expect(md).toContain('网关连接池在大促时耗尽');
	});
});
