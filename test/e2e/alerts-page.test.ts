// Alerts in Chromium, as an analyst on call meets them: create a rule with a
// signed webhook on the alerts page, send a test message, see the April 支付失败
// alert fire (and arrive at a real receiver on 127.0.0.1), open its tickets,
// open a case drafted from it, acknowledge it. Screenshots at 1440 and 390 px go
// to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';
import { SECRETS, startReceivers, until, type Receivers } from '../helpers/receivers';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('alerts page (Chromium)', () => {
	let server: RunningServer;
	let rx: Receivers;
	let browser: Browser;
	let page: Page;
	let cleanup: () => void;

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		rx = await startReceivers();
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'alerts-page.duckdb'), CAUSEWAY_ALERT_ALLOW_HOSTS: '127.0.0.1', CAUSEWAY_ALERT_CRON: '0 0 1 1 *' });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
	}, 90_000);
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await rx?.close();
		cleanup?.();
	});

	it('creates a rule with a webhook, and the April spike fires', async () => {
		await page.goto(`${server.url}/alerts`);
		await expect(page.getByText('还没有触发的告警。').isVisible()).resolves.toBe(true);
		await page.getByTestId('rule-name').fill('支付失败（周）');
		await page.getByTestId('rule-filter').fill('subcategory=支付失败');
		await page.getByTestId('rule-since').fill('2024-03-01');
		await page.getByTestId('dest-kind').selectOption('webhook');
		await page.getByTestId('dest-url').fill(`${rx.url}/webhook/page`);
		await page.getByTestId('dest-secret').fill(SECRETS.webhook);
		await page.getByTestId('rule-create').click();
		const row = page.getByTestId('alert-row').first();
		await row.waitFor();
		expect(await row.locator('.msg').textContent()).toMatch(/^2024-04-01 周 支付失败 40 张，较基线上升 \d+%（p < 0\.001）$/);
		expect(await row.getByTestId('delivery').textContent()).toContain('✓ 通用 Webhook');
		await until(() => rx.of('webhook').length === 1, 10_000, 'the webhook');
		expect(rx.of('webhook')[0].problem).toBeNull();
		// the rule is listed without its secret or URL path
		const rule = page.getByTestId('rule').first();
		expect(await rule.textContent()).toContain(rx.url);
		expect(await rule.textContent()).not.toContain('/webhook/page');
		expect(await page.content()).not.toContain(SECRETS.webhook);
		await page.screenshot({ path: join(shots, 'alerts-1440.png'), fullPage: true });
	});

	it('sends a test message from the page', async () => {
		await page.getByTestId('test-rule').first().click();
		await page.getByTestId('test-result').waitFor();
		expect(await page.getByTestId('test-result').textContent()).toContain('已送达');
		expect(rx.of('webhook')).toHaveLength(2);
	});

	it('opens the tickets, then a case drafted from the alert', async () => {
		const row = page.getByTestId('alert-row').first();
		await row.getByRole('button', { name: '工单' }).click();
		await page.getByText('导出 CSV').first().waitFor();
		await page.getByRole('button', { name: '关闭' }).first().click();
		await row.getByTestId('open-case').click();
		await page.waitForURL(/\/cases\/new/);
		expect(await page.locator('input[name=window_from]').inputValue()).toBe('2024-04-01');
		expect(await page.locator('input[name=window_to]').inputValue()).toBe('2024-04-07');
		expect(await page.locator('textarea[name=problem]').inputValue()).toContain('支付失败');
		await page.getByRole('button', { name: '创建案例' }).click();
		await page.waitForURL(/\/cases\/\d+$/);
	});

	it('acknowledges it; the narrow screen still reads', async () => {
		await page.goto(`${server.url}/alerts`);
		await page.getByTestId('ack').first().click();
		await page.getByText('已确认').first().waitFor({ state: 'attached' }).catch(() => undefined);
		await expect.poll(async () => page.getByTestId('alert-row').count()).toBe(0);
		const narrow = await browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 900 } });
		await narrow.goto(`${server.url}/alerts?alert=${(await (await fetch(`${server.url}/api/alerts`)).json()).rows[0].id}`);
		await narrow.getByTestId('alert-row').first().waitFor();
		await narrow.screenshot({ path: join(shots, 'alerts-390.png'), fullPage: true });
		await narrow.close();
	});
});
