// The Pareto page in Chromium on the sample data: Pareto → click a bar → exactly
// its tickets; the URL reproduces the view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('Pareto page (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let cleanup: () => void;

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'analyse.duckdb') });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('lists exactly the tickets of a clicked Pareto bar', async () => {
		await page.goto(`${server.url}/pareto?from=2024-04-01&to=2024-04-30`);
		const bar = page.locator('[data-testid="pareto-chart"] g[aria-label="bar"]:not(.bar-column) [data-key]').first();
		await bar.waitFor();
		const key = (await bar.getAttribute('data-key'))!;
		// what the API says that bar holds
		const api = await (await fetch(`${server.url}/api/stats/pareto?from=2024-04-01&to=2024-04-30&dim=subcategory`)).json();
		const expected = api.rows.find((r: { key: string }) => r.key === key).count;
		// April's top problem is the payment failure spike
		expect(key).toBe('支付失败');
		await bar.click();
		const list = page.getByTestId('ticket-list');
		await expect.poll(() => list.textContent()).toContain(`(${expected})`);
		const first = await list.locator('tbody tr').first().textContent();
		expect(first).toContain('支付失败');
		await page.screenshot({ path: join(shots, 'analyse.png'), fullPage: true });
	});

	it('reproduces the view from its URL', async () => {
		await page.goto(`${server.url}/pareto?subcategory=${encodeURIComponent('支付失败')}&from=2024-04-01&to=2024-04-30&dim=channel`);
		expect(await page.getByTestId('pareto-dim').inputValue()).toBe('channel');
		const firstRow = await page.getByTestId('pareto-table').locator('tbody tr').first().textContent();
		expect(firstRow).toContain('APP');
		expect(await page.getByTestId('filter-bar').textContent()).toContain('二级分类: 支付失败');
	});
});
