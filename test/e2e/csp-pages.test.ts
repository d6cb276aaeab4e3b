// Every page under the Content-Security-Policy, in Chromium, signed in as the
// admin: no CSP violation and no script error (the policy allows only our own
// scripts, with SvelteKit's nonces). Then the account page: a token with an
// expiry. Screenshots of the sign-in and account pages go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');
const PASSWORD = 'correct horse battery';
const PAGES = ['/', '/pareto', '/trend', '/spikes', '/control?subcategory=支付失败', '/breakdowns', '/import', '/notebooks', '/notebooks/weekly-review', '/cases', '/cases/new', '/account', '/admin/users', '/admin/audit'];

describe.skipIf(!run)('pages under the CSP (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let cleanup: () => void;
	const problems: string[] = [];

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'csp.duckdb'), CAUSEWAY_AUTH: 'on', CAUSEWAY_ADMIN_PASSWORD: PASSWORD });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
		page.on('console', (m) => {
			if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
		});
		page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('signs in through the form and lands on next', async () => {
		await page.goto(`${server.url}/pareto`);
		expect(new URL(page.url()).pathname).toBe('/login');
		await page.screenshot({ path: join(shots, 'login-1440.png') });
		await page.setViewportSize({ width: 390, height: 800 });
		await page.screenshot({ path: join(shots, 'login-390.png') });
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.fill('input[name=name]', 'admin');
		await page.fill('input[name=password]', PASSWORD);
		await page.click('button[type=submit]');
		await page.waitForURL(/\/pareto$/);
	});

	it('renders every page without a CSP violation or a script error', async () => {
		for (const p of PAGES) {
			await page.goto(server.url + p);
			await page.waitForLoadState('networkidle');
		}
		expect(problems).toEqual([]);
	}, 120_000);

	it('creates a token that expires, and lists its expiry', async () => {
		await page.goto(`${server.url}/account`);
		await page.fill('input[name=name]', 'weekly cron');
		await page.fill('input[name=expiresInDays]', '30');
		await page.click('form[action="?/create"] button');
		await expect.poll(() => page.getByTestId('new-token').textContent()).toMatch(/cw_/);
		const row = page.locator('[data-testid=tokens] tbody tr', { hasText: 'weekly cron' });
		expect(await row.locator('td').nth(3).textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
		await page.screenshot({ path: join(shots, 'account-1440.png'), fullPage: true });
		await page.setViewportSize({ width: 390, height: 800 });
		await page.screenshot({ path: join(shots, 'account-390.png'), fullPage: true });
		expect(problems).toEqual([]);
	});
});
