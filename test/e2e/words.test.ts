// What the tickets say, in Chromium on the sample: the word view (a bar drills
// down to exactly the tickets mentioning the term), the overview's emerging
// terms, a spike's key terms, themes saved from the page. Screenshots at 1440 and
// 390 px go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');

describe.skipIf(!run)('text analytics (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	let cleanup: () => void;
	const api = async (path: string) => (await fetch(`${server.url}${path}`)).json();
	const listed = async () => {
		const list = page.getByTestId('ticket-list');
		await expect.poll(async () => /\((\d+)\)/.test((await list.locator('h2').textContent()) ?? '')).toBe(true);
		return Number(/\((\d+)\)/.exec((await list.locator('h2').textContent())!)![1]);
	};

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		server = await startServer({ CAUSEWAY_DB: join(t.dir, 'words.duckdb') });
		browser = await launch();
		page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		cleanup?.();
	});

	it('word view: ranked bars of April’s terms; a bar lists exactly the tickets that mention the term', async () => {
		await page.goto(`${server.url}/words?from=2024-04-01&to=2024-04-30`);
		const bar = page.locator('[data-testid="word-view"] [data-key="活动"]').first();
		await bar.waitFor();
		await page.screenshot({ path: join(shots, 'words-1440.png'), fullPage: true });
		await bar.click();
		const r = await api('/api/stats/terms?term=活动&from=2024-04-01&to=2024-04-30&top=1');
		expect(await listed()).toBe(r.total);
		expect(await page.getByTestId('over-represented').textContent()).toContain('活动');
		await page.setViewportSize({ width: 390, height: 900 });
		await page.reload();
		await page.locator('[data-testid="word-view"] [data-key="活动"]').first().waitFor();
		await page.screenshot({ path: join(shots, 'words-390.png'), fullPage: true });
		await page.setViewportSize({ width: 1440, height: 1000 });
	});

	it('overview: terms new or rising this week; spikes carry their key terms', async () => {
		await page.goto(`${server.url}/?from=2024-04-08&to=2024-04-14`);
		const emerging = page.getByTestId('emerging-terms');
		await expect.poll(() => emerging.textContent()).toContain('活动');
		await expect.poll(() => page.getByTestId('spikes').getByTestId('key-terms').first().textContent()).toMatch(/×/);
		await page.screenshot({ path: join(shots, 'overview-terms-1440.png'), fullPage: true });
		await page.goto(`${server.url}/spikes?grain=week&dim=subcategory`);
		const row = page.getByTestId('spikes-table').locator('tr', { hasText: '支付失败' }).first();
		await expect.poll(() => row.getByTestId('key-terms').textContent()).toMatch(/(活动|E2001) ×/);
		await row.getByTestId('key-terms').getByRole('button').first().click();
		expect(await listed()).toBeGreaterThan(4);
		await page.screenshot({ path: join(shots, 'spikes-terms-1440.png'), fullPage: true });
		await page.setViewportSize({ width: 390, height: 900 });
		await page.goto(`${server.url}/?from=2024-04-08&to=2024-04-14`);
		await expect.poll(() => page.getByTestId('emerging-terms').textContent()).toContain('活动');
		await page.screenshot({ path: join(shots, 'overview-terms-390.png'), fullPage: true });
		await page.setViewportSize({ width: 1440, height: 1000 });
	});

	it('case: the effect’s key terms, and a term suggestion added as a cause term=… on the bone picked', async () => {
		const r = await fetch(`${server.url}/api/cases`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ title: '4月支付失败', problem: '', effect: 'subcategory=支付失败', window: { from: '2024-04-01', to: '2024-04-30' }, baseline: { from: '2024-01-01', to: '2024-03-31' } })
		});
		expect(r.status).toBe(201);
		const c = await r.json();
		await page.goto(`${server.url}/cases/${c.id}`);
		await expect.poll(() => page.getByTestId('effect-terms').textContent()).toMatch(/活动 ×/);
		const row = page
			.getByTestId('suggestions')
			.locator('tr')
			.filter({ has: page.getByTestId('term-bone') })
			.filter({ has: page.locator('td:nth-child(2)', { hasText: /^活动$/ }) });
		await row.getByTestId('term-bone').selectOption('environment');
		await row.getByTestId('add-suggestion').click();
		await expect.poll(async () => (await (await fetch(`${server.url}/api/cases/${c.id}`)).json()).causes.length).toBe(1);
		const cause = (await (await fetch(`${server.url}/api/cases/${c.id}`)).json()).causes[0];
		expect(cause).toMatchObject({ bone: 'environment', filter: 'term=%E6%B4%BB%E5%8A%A8' });
		await page.screenshot({ path: join(shots, 'case-terms-1440.png'), fullPage: true });
	});

	it('themes: save one from the page, it counts its tickets', async () => {
		await page.goto(`${server.url}/words?from=2024-04-01&to=2024-04-30`);
		await page.getByTestId('theme-name').fill('退款慢');
		await page.getByTestId('theme-terms').fill('退款 到账');
		await page.getByTestId('theme-save').click();
		const themes = page.getByTestId('themes');
		await expect.poll(() => themes.textContent()).toContain('退款慢');
		const list = await api('/api/themes');
		expect(list.rows[0]).toMatchObject({ name: '退款慢', terms: ['退款', '到账'] });
		await page.getByTestId('theme-suggest').click();
		await expect.poll(() => themes.textContent()).toContain('+');
		await page.screenshot({ path: join(shots, 'themes-1440.png'), fullPage: true });
	});
});
