// The weekly review notebook in Chromium on the sample data: listed under
// /notebooks, rendered with the filter bar, its numbers the same as the
// dashboard's API, its charts drawn; the filter bar's window drives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('notebooks (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let cleanup: () => void;
	const api = async (path: string) => (await fetch(server.url + path)).json();

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'nb.duckdb') });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('lists the shipped notebooks and renders the weekly review on the last week of the sample', async () => {
		await page.goto(`${server.url}/notebooks`);
		await page.getByTestId('notebook-list').getByRole('link', { name: /Weekly review/ }).click();
		await page.waitForURL(/\/notebooks\/weekly-review/);
		const nb = page.getByTestId('notebook');
		await nb.waitFor();
		const overview = await api('/api/stats/overview');
		const tickets = overview.tiles.find((t: { id: string }) => t.id === 'tickets');
		expect(overview.current).toMatchObject({ from: '2024-06-24', to: '2024-06-30' });
		const text = (await nb.textContent())!;
		expect(text).toContain(`共 ${tickets.current} 张工单，上周 ${tickets.previous} 张`);
		expect(await page.getByTestId('cell-error').count()).toBe(0);
		expect(await nb.getByTestId('nb-chart').locator('svg').count()).toBeGreaterThanOrEqual(2);
		// the Pareto table agrees with the Pareto API for the same week
		const pareto = await api('/api/stats/pareto?from=2024-06-24&to=2024-06-30&dim=subcategory');
		const first = page.getByTestId('result-top_subcategories').locator('tbody tr').first();
		expect(await first.locator('td').first().textContent()).toBe(pareto.rows[0].key);
		expect(await first.locator('td').nth(1).textContent()).toBe(String(pareto.rows[0].count));
		await page.screenshot({ path: join(shots, 'notebook-weekly-review.png'), fullPage: true });
	});

	it('follows the filter bar: a window in the URL is the week under review', async () => {
		await page.goto(`${server.url}/notebooks/weekly-review?from=2024-04-08&to=2024-04-14`);
		const pareto = await api('/api/stats/pareto?from=2024-04-08&to=2024-04-14&dim=subcategory');
		const text = (await page.getByTestId('notebook').textContent())!;
		expect(text).toContain(`最多的是 ${pareto.rows[0].key}（${pareto.rows[0].count} 张）`);
		expect(pareto.rows[0].key).toBe('支付失败');
	});

	it('shows the spike investigation for a chosen week, and a missing notebook is a 404', async () => {
		await page.goto(`${server.url}/notebooks/spike-investigation?week=2024-W15`);
		expect(await page.getByTestId('cell-error').count()).toBe(0);
		expect(await page.getByTestId('result-examples').locator('tbody tr').count()).toBe(20);
		await page.screenshot({ path: join(shots, 'notebook-spike.png'), fullPage: true });
		const r = await fetch(`${server.url}/notebooks/..%2Fpackage`);
		expect(r.status).toBe(404);
	});
});
