// Excel on the import page in Chromium: choose an .xlsx → the sheet picker shows the
// workbook's sheets with the first one that has data → another sheet → import →
// the tickets are in the database. Also a Chinese export with unknown headers:
// its columns are marked "found by its values". Screenshots at 1440 and 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';
import { writeWorkbook } from '../helpers/workbook';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('import page with an Excel workbook (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let dir: string;
	let cleanup: () => void;

	beforeAll(async () => {
		({ dir, cleanup } = tempDir());
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(dir, 'e2e.duckdb'), CAUSEWAY_SEED: 'off' });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('the file chooser accepts .xlsx', async () => {
		await page.goto(server.url + '/import');
		expect(await page.getByTestId('file-input').getAttribute('accept')).toContain('.xlsx');
	});

	it('uploads a workbook: sheet picker, date cells as times, another sheet, tickets imported', async () => {
		const file = join(dir, 'week16.xlsx');
		await writeWorkbook(file);
		await page.goto(server.url + '/import');
		await page.getByTestId('file-input').setInputFiles(file);
		const picker = page.getByTestId('sheet-picker');
		await picker.waitFor({ timeout: 30_000 });
		// the empty cover sheet is skipped: the first sheet with data is shown
		expect(await picker.inputValue()).toBe('Tickets');
		expect(await picker.locator('option').allTextContents()).toEqual(['Cover', 'Tickets', 'Archive']);
		const preview = page.getByTestId('preview-table');
		await expect.poll(() => preview.textContent(), { timeout: 30_000 }).toContain('2024-04-15 09:30:00');
		expect(await page.getByTestId('mapping-table').getByLabel('创建时间').inputValue()).toBe('created_at');
		await page.screenshot({ path: join(shots, 'import-xlsx-1440.png'), fullPage: true });
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: join(shots, 'import-xlsx-390.png'), fullPage: true });
		await page.setViewportSize({ width: 1440, height: 900 });

		// another sheet: its own columns
		await picker.selectOption('Archive');
		await expect.poll(() => preview.textContent(), { timeout: 30_000 }).toContain('OLD-1');
		await picker.selectOption('Tickets');
		await expect.poll(() => preview.textContent(), { timeout: 30_000 }).toContain('X-2');
		await page.getByTestId('start-import').click();
		await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('rows-inserted').textContent()).toBe('3');
		expect(await page.getByTestId('result-sheet').textContent()).toContain('Tickets');
		const r = await fetch(`${server.url}/api/tickets?pageSize=10&sort=created_at`);
		const body = (await r.json()) as { total: number; rows: { ticket_id: string; created_at: string }[] };
		expect(body.total).toBe(3);
		expect(body.rows.map((t) => t.ticket_id)).toEqual(['X-1', 'X-2', 'X-3']);
		expect(body.rows[0].created_at).toMatch(/^2024-04-15T09:30:00/);
		await page.screenshot({ path: join(shots, 'import-xlsx-result.png'), fullPage: true });
	});

	it('a Chinese export with unknown headers: columns marked as found by their values, imported as they are', async () => {
		await page.goto(server.url + '/import');
		await page.getByTestId('file-input').setInputFiles(join(ROOT, 'test/fixtures/shapes/chinese-unknown-headers.csv'));
		const table = page.getByTestId('mapping-table');
		await expect.poll(() => table.getByLabel('登记于').inputValue(), { timeout: 30_000 }).toBe('created_at');
		expect(await table.getByLabel('单据').inputValue()).toBe('ticket_id');
		expect(await page.getByTestId('found-by-values').count()).toBeGreaterThanOrEqual(5);
		expect(await page.getByTestId('found-by-values').first().textContent()).toContain('按内容识别');
		await page.screenshot({ path: join(shots, 'import-found-1440.png'), fullPage: true });
		await page.getByTestId('start-import').click();
		await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('rows-inserted').textContent()).toBe('24');
		expect(await page.getByTestId('result-found').textContent()).toContain('登记于');
	});

	it('an event log with only an event time: the result says how the tickets were made', async () => {
		await page.goto(server.url + '/import');
		await page.getByTestId('file-input').setInputFiles(join(ROOT, 'test/fixtures/shapes/event-log-event-time.csv'));
		await expect.poll(() => page.getByTestId('mapping-table').getByLabel('Event time').inputValue(), { timeout: 30_000 }).toBe('created_at');
		await page.getByTestId('start-import').click();
		await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('rows-inserted').textContent()).toBe('5');
		expect(await page.getByTestId('event-log').textContent()).toMatch(/15 条事件 → 5 张工单.*最后一次进入“已解决\/已关闭”/);
		await page.screenshot({ path: join(shots, 'import-eventlog-1440.png'), fullPage: true });
	});
});
