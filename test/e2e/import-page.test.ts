// The import page in Chromium: choose a GBK file → preview → mapping → import →
// result panel → history with undo. Screenshots go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { DATASETS, ROOT, tempDir, writeFile } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('import page (Chromium)', () => {
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
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('shows the sample data on first run', async () => {
		await page.goto(server.url + '/');
		// the sample's last full week is on the overview, with its tickets
		expect(await page.getByTestId('period').textContent()).toContain('2024-06-24');
		const tickets = await page.getByTestId('tile-tickets').locator('strong').textContent();
		expect(Number(tickets!.replace(/\D/g, ''))).toBeGreaterThan(50);
	});

	it('imports a GBK file from choosing it to the result panel', async () => {
		await page.goto(server.url + '/import');
		await page.getByTestId('file-input').setInputFiles(join(DATASETS, 'car_complain_12365auto_gbk.csv'));
		const preview = page.getByTestId('preview-table');
		await expect.poll(() => preview.textContent()).toContain('投诉时间');
		// decoded in the browser: Chinese text, not mojibake
		expect(await preview.textContent()).toContain('吉利汽车');
		await expect.poll(() => page.getByTestId('encoding').inputValue()).toBe('auto');
		expect(await page.getByTestId('mapping-table').getByLabel('投诉时间').inputValue()).toBe('created_at');
		await page.screenshot({ path: join(shots, 'import-mapping.png'), fullPage: true });
		await page.getByTestId('start-import').click();
		const result = page.getByTestId('import-result');
		await result.waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('rows-inserted').textContent()).toBe('300');
		expect(await page.getByTestId('rows-collapsed').textContent()).toBe('330');
		await page.screenshot({ path: join(shots, 'import-result.png'), fullPage: true });
		// the history lists it with an undo button
		await expect.poll(() => page.getByTestId('import-history').textContent()).toContain('car_complain_12365auto_gbk.csv');
	});

	it('keeps rejects on screen with line and reason, and refusals with their sentence', async () => {
		const bad = writeFile(dir, 'bad.csv', 'id,created,text\nb1,2024-01-01 10:00,ok\nb2,not a date,x\nb3,2024-01-02 10:00\n');
		await page.goto(server.url + '/import');
		await page.getByTestId('file-input').setInputFiles(bad);
		await page.getByTestId('start-import').click();
		await page.getByTestId('rejects-table').waitFor();
		await expect.poll(() => page.getByTestId('rejects-table').textContent()).toContain('not a date');
		const text = await page.getByTestId('rejects-table').textContent();
		expect(text).toMatch(/应有 3 个字段，实际 2 个/);
		await page.screenshot({ path: join(shots, 'import-rejects.png'), fullPage: true });

		const refused = writeFile(dir, 'nodate.csv', 'id,subject\n1,hello\n');
		await page.getByRole('button', { name: /关闭|Dismiss/ }).first().click();
		await page.getByTestId('file-input').setInputFiles(refused);
		// no creation-time column: the import button stays disabled and says why
		expect(await page.getByTestId('start-import').isDisabled()).toBe(true);
		expect(await page.getByRole('alert').textContent()).toMatch(/创建时间|creation time/);
		await page.getByRole('button', { name: /取消|Cancel/ }).click();
		await page.getByTestId('file-input').setInputFiles(writeFile(dir, 'empty.csv', ''));
		await page.getByTestId('import-refused').waitFor();
		expect(await page.getByTestId('import-refused').textContent()).toMatch(/文件是空的/);
	});

	it('says in the result when a file was read as GB18030 because it is not valid UTF-8', async () => {
		const rows = ['Ticket ID,Created at,Subject', ...Array.from({ length: 6 }, (_, i) => `W${i + 1},2024-03-0${i + 1} 10:00,Café crème ${i + 1}`)];
		const utf8 = Buffer.from(rows.join('\n') + '\n', 'utf8');
		const at = utf8.indexOf('W3,');
		const bad = Buffer.concat([utf8.subarray(0, at), Buffer.from('W3,2024-03-03 10:00,Caf\xe9 latin-1\n', 'latin1'), utf8.subarray(utf8.indexOf('W4,'))]);
		const file = writeFile(dir, 'bad-byte.csv', bad);
		for (const width of [1440, 390]) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto(server.url + '/import');
			await page.getByTestId('file-input').setInputFiles(file);
			await page.getByTestId('start-import').click();
			await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
			const warnings = page.getByTestId('import-result').locator('ul.warnings');
			await expect.poll(() => warnings.textContent()).toContain('整个文件按 GBK/GB18030 读取');
			expect(await warnings.textContent()).toContain('第一处在第 4 行');
			await page.getByTestId('import-result').scrollIntoViewIfNeeded();
			await page.screenshot({ path: join(shots, `import-gb18030-warning-${width}.png`), fullPage: true });
		}
		await page.setViewportSize({ width: 1280, height: 900 });
	});

	it('undoes an import from the history', async () => {
		await page.goto(server.url + '/import');
		page.once('dialog', (d) => d.accept());
		const history = page.getByTestId('import-history');
		const before = await history.textContent();
		const undo = history.getByRole('button').first();
		await undo.click();
		await expect.poll(() => history.textContent()).not.toBe(before);
		expect(await history.textContent()).toMatch(/已撤销|undone/);
	});
});
