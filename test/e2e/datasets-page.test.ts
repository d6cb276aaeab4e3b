// Datasets in Chromium: a new help desk's CSV starts its own dataset, its next
// week's export is suggested into it (and the page says why), the header switches
// between datasets, and the sample dataset goes in one click. Screenshots at 1440
// and 390 px go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir, writeFile } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');
const HEAD = 'Ticket ID,Created,Subject,Priority,Status,Brand';
const week = (rows: string[]) => [HEAD, ...rows].join('\n') + '\n';

describe.skipIf(!run)('datasets (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let dir: string;
	let cleanup: () => void;

	beforeAll(async () => {
		({ dir, cleanup } = tempDir());
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(dir, 'e2e.duckdb') });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	const switcher = () => page.getByTestId('dataset-switcher');
	const options = async () => (await switcher().locator('option').allTextContents()).map((s) => s.trim());

	it('shows the sample as its own dataset, with the day presets count from', async () => {
		await page.goto(server.url + '/');
		expect(await options()).toEqual(['示例数据 (示例)']);
		expect(await page.getByTestId('latest-day').textContent()).toBe('最近数据：2024-06-30');
	});

	it('suggests a new dataset for a new help desk, then the same dataset for its next export, and says why', async () => {
		await page.goto(server.url + '/import');
		await page.getByTestId('file-input').setInputFiles(writeFile(dir, 'zendesk-w18.csv', week(['T1,2024-05-02 08:00,Card declined,High,Open,X', 'T2,2024-05-03 09:00,Refund,Low,Solved,Y'])));
		await expect.poll(() => page.getByTestId('dataset-why').textContent()).toContain('将新建数据集“zendesk-w18”');
		expect(await page.getByTestId('dataset-new-name').inputValue()).toBe('zendesk-w18');
		await page.getByTestId('dataset-new-name').fill('Zendesk');
		await page.getByTestId('start-import').click();
		await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('result-dataset').textContent()).toBe('Zendesk');

		await page.getByRole('button', { name: /关闭|Dismiss/ }).first().click();
		await page.getByTestId('file-input').setInputFiles(writeFile(dir, 'zendesk-w19.csv', week(['T2,2024-05-03 09:00,Refund,Low,Closed,Y', 'T3,2024-05-10 10:00,Login,High,Open,X'])));
		await expect.poll(() => page.getByTestId('dataset-why').textContent()).toContain('“Zendesk”');
		expect(await page.getByTestId('dataset-why').textContent()).toContain('zendesk-w18.csv');
		expect(await page.getByTestId('dataset-select').inputValue()).toBe('Zendesk');
		await page.screenshot({ path: join(shots, 'datasets-import-suggested.png'), fullPage: true });
		await page.getByTestId('start-import').click();
		await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('result-dataset').textContent()).toBe('Zendesk');
		expect(await page.getByTestId('rows-inserted').textContent()).toBe('1');
		// the suggestion kept is the server's match, not a choice of the user's
		expect(await page.getByTestId('import-result').textContent()).toContain('按列匹配');
		expect(await page.getByTestId('import-result').textContent()).not.toContain('你选择的');
	});

	it('switches datasets in the header: the views follow, the view parameters stay', async () => {
		await page.goto(server.url + '/');
		// the dataset imported into last is the default
		expect(await options()).toEqual(['Zendesk', '示例数据 (示例)']);
		expect(await page.getByTestId('latest-day').textContent()).toBe('最近数据：2024-05-10');
		// the last full week of its data (2024-04-29 – 05-05) holds two of its tickets
		expect(await page.getByTestId('tile-tickets').locator('strong').textContent()).toBe('2');
		// hydrated first: before it, the switcher's change handler is not attached yet
		await page.goto(server.url + '/pareto?dim=channel&preset=last_4_weeks', { waitUntil: 'networkidle' });
		await switcher().selectOption({ label: '示例数据 (示例)' });
		await page.waitForURL(/dataset=/);
		const url = new URL(page.url());
		expect(url.pathname).toBe('/pareto');
		expect(url.searchParams.get('dim')).toBe('channel');
		expect(url.searchParams.get('preset')).toBe('last_4_weeks');
		await expect.poll(() => page.getByTestId('latest-day').textContent()).toBe('最近数据：2024-06-30');
		await page.screenshot({ path: join(shots, 'datasets-switcher-1440.png') });
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: join(shots, 'datasets-switcher-390.png'), fullPage: true });
		await page.setViewportSize({ width: 1440, height: 900 });
		// the other views keep the dataset
		await page.getByRole('link', { name: '概览' }).click();
		await page.waitForURL(/\/\?/);
		expect(new URL(page.url()).searchParams.get('dataset')).toBe(url.searchParams.get('dataset'));
		expect(Number((await page.getByTestId('tile-tickets').locator('strong').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(50);
	});

	it('deletes the sample dataset in one click', async () => {
		await page.goto(server.url + '/import');
		const row = page.getByTestId('datasets').locator('tr[data-dataset="示例数据"]');
		expect(await row.textContent()).toContain('3,679');
		await page.screenshot({ path: join(shots, 'datasets-list.png'), fullPage: true });
		page.once('dialog', (d) => d.accept());
		await row.getByTestId('delete-dataset').click();
		await expect.poll(() => page.getByTestId('datasets').locator('tr[data-dataset]').count()).toBe(1);
		expect(await options()).toEqual(['Zendesk']);
		await page.goto(server.url + '/');
		expect(await page.getByTestId('latest-day').textContent()).toBe('最近数据：2024-05-10');
	});
});
