// The weekly-review views in Chromium on the sample data: the overview's tiles,
// the trend, spikes, control chart and breakdowns, each drilling down to exactly
// the tickets the API counts. Screenshots go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('weekly review views (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let cleanup: () => void;
	const api = async (path: string) => (await fetch(`${server.url}${path}`)).json();
	/** The count the ticket list shows in its heading "(n)". */
	const listed = async () => {
		const list = page.getByTestId('ticket-list');
		await expect.poll(async () => /\((\d+)\)/.test((await list.locator('h2').textContent()) ?? '')).toBe(true);
		return Number(/\((\d+)\)/.exec((await list.locator('h2').textContent())!)![1]);
	};

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'views.duckdb') });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('overview: the last full week against the one before; a tile lists exactly its tickets', async () => {
		await page.goto(`${server.url}/`);
		expect(await page.getByTestId('period').textContent()).toContain('2024-06-24 – 2024-06-30');
		const o = await api('/api/stats/overview');
		const p0 = o.tiles.find((t: { id: string }) => t.id === 'p0');
		expect(await page.getByTestId('tile-p0').locator('strong').textContent()).toBe(String(p0.current));
		await page.getByTestId('tile-p0').click();
		expect(await listed()).toBe(p0.current);
		for (const row of await page.getByTestId('ticket-list').locator('tbody tr').all()) expect(await row.textContent()).toContain('P0');
		await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });
	});

	it('trend: split by channel, a stacked bar drills down to its week and channel', async () => {
		await page.goto(`${server.url}/trend?from=2024-03-04&to=2024-05-26&grain=week&split=channel`);
		const bar = page.locator('[data-testid="trend-chart"] [data-key*="|APP"]').first();
		await bar.waitFor();
		const [period] = (await bar.getAttribute('data-key'))!.split('|');
		await bar.click();
		const trend = await api('/api/stats/trend?from=2024-03-04&to=2024-05-26&grain=week&dim=channel');
		const expected = trend.rows.find((r: { period: string; key: string }) => r.period === period && r.key === 'APP').count;
		expect(await listed()).toBe(expected);
		await page.screenshot({ path: join(shots, 'trend.png'), fullPage: true });
	});

	it('spikes: the April 支付失败 weeks are listed, and link to their control chart', async () => {
		await page.goto(`${server.url}/spikes?grain=week&dim=subcategory`);
		const table = page.getByTestId('spikes-table');
		await expect.poll(() => table.textContent()).toContain('支付失败');
		expect(await table.textContent()).toMatch(/2024-04-\d\d/);
		await page.screenshot({ path: join(shots, 'spikes.png'), fullPage: true });
		await table.locator('tr', { hasText: '支付失败' }).first().getByRole('link', { name: /控制图/ }).click();
		await page.getByTestId('control-chart').locator('svg').first().waitFor();
		expect(page.url()).toContain('effect=subcategory');
	});

	it('control chart: the p-chart of 支付失败 flags April, and the URL reproduces it', async () => {
		const url = `${server.url}/control?chart=p&grain=week&effect=${encodeURIComponent('subcategory=支付失败')}`;
		await page.goto(url);
		const violations = page.getByTestId('violations');
		await expect.poll(() => violations.textContent()).toContain('2024-04');
		expect(await page.getByTestId('dispersion').textContent()).toMatch(/σz = \d/);
		await page.screenshot({ path: join(shots, 'control.png'), fullPage: true });
		const period = (await violations.locator('tbody tr button').first().textContent())!.trim();
		await violations.locator('tbody tr button').first().click();
		const c = await api(`/api/stats/control?chart=c&grain=week&effect=${encodeURIComponent('subcategory=支付失败')}`);
		expect(await listed()).toBe(c.points.find((p: { period: string }) => p.period === period).value);
		// the same URL in a fresh page shows the same chart kind and effect
		const again = await browser.newPage();
		await again.goto(url);
		await expect.poll(() => again.getByTestId('effect').locator('.chip').first().textContent()).toContain(': 支付失败');
		expect(await again.getByTestId('chart-kind').inputValue()).toBe('p');
		await again.close();
	});

	it('breakdowns: a weekday × hour cell lists exactly its tickets', async () => {
		await page.goto(`${server.url}/breakdowns`);
		const cell = page.locator('[data-testid="heatmap"] [data-key="1|10"]').first();
		await cell.waitFor();
		await cell.click();
		const x = await api('/api/stats/crosstab?rows=weekday&cols=hour');
		const expected = x.rows.find((r: { row: string; col: string }) => r.row === '1' && r.col === '10').count;
		expect(await listed()).toBe(expected);
		await page.screenshot({ path: join(shots, 'breakdowns.png'), fullPage: true });
	});
});
