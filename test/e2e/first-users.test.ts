// What the first real users hit (issue 14), in Chromium against the built
// server: a day trend across a gap in the data, drilling down from the top of
// a Pareto bar and sharing that drill-down, editing a case's window, a viewer's
// read-only case page and /cases/new, a localized error next to its control,
// and no page wider than a 390 px phone. Two servers, each with its own
// database: one signed-in (the samples, admin/analyst/viewer), one with a
// small export that has a gap of two months.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserAvailable, launch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { ROOT, tempDir } from '../helpers/workspace';

const run = browserAvailable();
const shots = join(ROOT, 'test-results');
const PASSWORD = 'first-users-pass';

/** Tickets on 2024-01-02..04 and 2024-03-05..06: nothing in between. */
function gapCsv(): string {
	const lines = ['ticket_id,created_at,subcategory,channel'];
	let n = 0;
	for (const [day, count] of [['2024-01-02', 3], ['2024-01-03', 5], ['2024-01-04', 2], ['2024-03-05', 4], ['2024-03-06', 6]] as const)
		for (let i = 0; i < count; i++) lines.push(`T${++n},${day} 10:${String(i).padStart(2, '0')},支付失败,APP`);
	return lines.join('\n') + '\n';
}

describe.skipIf(!run)('first users (Chromium)', () => {
	let auth: RunningServer;
	let gap: RunningServer;
	let browser: Browser;
	const contexts: Record<string, BrowserContext> = {};
	let cleanup: () => void;
	const cookies: Record<string, string> = {};
	let caseId = 0;

	async function call(server: RunningServer, path: string, init: { method?: string; who?: string; body?: unknown; raw?: string } = {}) {
		const headers: Record<string, string> = { origin: server.url };
		if (init.who) headers.cookie = cookies[init.who];
		if (init.body !== undefined) headers['content-type'] = 'application/json';
		const r = await fetch(server.url + path, { method: init.method ?? 'GET', headers, body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)), redirect: 'manual' });
		const text = await r.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: r.status, body: body as Record<string, unknown>, headers: r.headers };
	}
	async function signIn(name: string) {
		const r = await fetch(`${auth.url}/login`, {
			method: 'POST',
			headers: { origin: auth.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: new URLSearchParams({ name, password: PASSWORD }),
			redirect: 'manual'
		});
		expect(r.status).toBe(303);
		cookies[name] = r.headers.getSetCookie().find((c) => c.startsWith('causeway_session='))!.split(';')[0];
	}
	/** A browser context signed in as `who`, in a language, at a viewport. */
	async function as(who: string, lang: 'zh' | 'en' = 'zh', width = 1280): Promise<Page> {
		const key = `${who}|${lang}|${width}`;
		if (!contexts[key]) {
			const ctx = await browser.newContext({ locale: lang === 'zh' ? 'zh-CN' : 'en-US', viewport: { width, height: width < 500 ? 844 : 900 } });
			const [name, value] = cookies[who].split('=');
			await ctx.addCookies([
				{ name, value, url: auth.url },
				{ name: 'lang', value: lang, url: auth.url }
			]);
			contexts[key] = ctx;
		}
		return contexts[key].newPage();
	}

	beforeAll(async () => {
		const t = tempDir();
		cleanup = t.cleanup;
		mkdirSync(shots, { recursive: true });
		[auth, gap] = await Promise.all([
			startServer({ CAUSEWAY_DB: join(t.dir, 'auth.duckdb'), CAUSEWAY_AUTH: 'on', CAUSEWAY_ADMIN_PASSWORD: PASSWORD }),
			startServer({ CAUSEWAY_DB: join(t.dir, 'gap.duckdb'), CAUSEWAY_SEED: 'off' })
		]);
		browser = await launch();
		await signIn('admin');
		for (const role of ['analyst', 'viewer']) {
			expect((await call(auth, '/api/users', { method: 'POST', who: 'admin', body: { name: role, password: PASSWORD, role } })).status).toBe(201);
			await signIn(role);
		}
		const imported = await call(gap, '/api/imports?name=gap.csv', { method: 'POST', raw: gapCsv() });
		expect(imported.status).toBe(200);
		const created = await call(auth, '/api/cases', {
			method: 'POST',
			who: 'analyst',
			body: { title: '4月支付失败上升', problem: '支付失败上升', effect: 'subcategory=支付失败', window: { from: '2024-04-01', to: '2024-04-30' }, baseline: { from: '2024-03-01', to: '2024-03-31' } }
		});
		expect(created.status).toBe(201);
		caseId = Number(created.body.id);
		await call(auth, `/api/cases/${caseId}/causes`, { method: 'POST', who: 'analyst', body: { bone: 'machine', text: '支付网关 E2001', filter: 'error_code=E2001' } });
		await call(auth, `/api/cases/${caseId}/whys`, { method: 'POST', who: 'analyst', body: { text: '网关超时' } });
	});
	afterAll(async () => {
		await browser?.close();
		await Promise.all([auth?.stop(), gap?.stop()]);
		cleanup?.();
	});

	it('draws a day trend across a gap with every day of it, empty days as zero', async () => {
		const api = await call(gap, '/api/stats/trend?grain=day');
		const rows = api.body.rows as { period: string; count: number }[];
		// 2024-01-02 … 2024-03-06 is 65 days; only 5 have tickets
		expect(rows.length).toBe(65);
		expect(rows.find((r) => r.period === '2024-02-10')).toEqual({ period: '2024-02-10', count: 0 });
		expect(rows.filter((r) => r.count > 0).map((r) => r.period)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-03-05', '2024-03-06']);

		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${gap.url}/trend?grain=day`);
		const chart = page.getByTestId('trend-chart');
		await chart.locator('svg [data-key="2024-01-04"]').waitFor();
		const x = async (key: string) => (await chart.locator(`svg [data-key="${key}"]`).first().boundingBox())!;
		const a = await x('2024-01-03');
		const b = await x('2024-01-04');
		const c = await x('2024-03-05');
		const step = b.x - a.x;
		expect(step).toBeGreaterThan(0);
		// 01-04 → 03-05 is 61 days apart on the axis, not the next bar
		expect((c.x - b.x) / step).toBeCloseTo(61, 0);
		await page.screenshot({ path: join(shots, 'trend-day-gap.png') });
		await page.close();
	});

	it('drills down from the top of a Pareto bar (where the cumulative dot sits), scrolls to the tickets, and puts it in the URL', async () => {
		const page = await as('analyst', 'zh', 1280);
		await page.goto(`${auth.url}/pareto?from=2024-04-01&to=2024-04-30&dim=subcategory`);
		const chart = page.getByTestId('pareto-chart');
		const firstKey = (await page.getByTestId('pareto-table').locator('tbody tr').first().locator('td').first().textContent())!.trim();
		// the last bar is short; its cumulative dot (100 %) sits far above it, at the top of the plot
		const lastKey = (await page.getByTestId('pareto-table').locator('tbody tr').last().locator('td').first().textContent())!.trim();
		const svg = (await chart.locator('svg').first().boundingBox())!;
		const bars = chart.locator('svg g[aria-label="bar"]:not(.bar-column)').first().locator('[data-key]');
		const last = (await bars.last().boundingBox())!;
		expect(last.y - svg.y).toBeGreaterThan(100); // a short bar: its top is far below the chart's top
		await page.mouse.click(last.x + last.width / 2, svg.y + 40);
		const list = page.getByTestId('ticket-list');
		await expect.poll(() => list.locator('h2').textContent()).toContain(lastKey);
		// the list is brought into view
		await expect.poll(async () => (await list.boundingBox())!.y).toBeLessThan(900);
		await expect.poll(() => new URL(page.url()).searchParams.get('bar')).toBe(lastKey);

		// and a click on the top edge of the tallest bar (back at the chart: the list scrolled the page)
		await page.waitForTimeout(800);
		await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
		const top = (await bars.first().boundingBox())!;
		await page.mouse.click(top.x + top.width / 2, top.y + 2);
		await expect.poll(() => list.locator('h2').textContent()).toContain(firstKey);
		const shared = page.url();
		expect(new URL(shared).searchParams.get('bar')).toBe(firstKey);

		// the link, opened by someone else, opens with the same tickets
		const other = await as('viewer', 'zh', 1280);
		await other.goto(shared);
		const theirs = other.getByTestId('ticket-list');
		await expect.poll(() => theirs.locator('h2').textContent()).toContain(firstKey);
		await theirs.locator('tbody tr').first().waitFor();
		expect(await theirs.locator('h2').textContent()).toBe(await list.locator('h2').textContent());
		await page.close();
		await other.close();
	});

	it('edits a case’s window on the case page; the counts follow', async () => {
		const page = await as('analyst', 'zh', 1280);
		await page.goto(`${auth.url}/cases/${caseId}`);
		await page.waitForLoadState('networkidle');
		const before = Number(await page.getByTestId('window-count').textContent());
		await page.getByRole('button', { name: '编辑: 分析窗口' }).click();
		const editor = page.getByTestId('case-window-editor');
		await editor.getByLabel('分析窗口 开始').fill('2024-04-08');
		await editor.getByLabel('分析窗口 结束').fill('2024-04-14');
		await editor.getByRole('button', { name: '保存' }).click();
		await expect.poll(() => page.getByTestId('case-window').textContent()).toBe('2024-04-08 – 2024-04-14');
		const stored = (await call(auth, `/api/cases/${caseId}`, { who: 'analyst' })).body;
		expect(stored.window).toEqual({ from: '2024-04-08', to: '2024-04-14' });
		const week = (await call(auth, '/api/stats/pareto?from=2024-04-08&to=2024-04-14&dim=subcategory&subcategory=支付失败', { who: 'analyst' })).body.total;
		await expect.poll(async () => Number(await page.getByTestId('window-count').textContent())).toBe(week);
		expect(week).toBeLessThan(before);

		// a window that ends before it starts is refused next to the dates, in Chinese, and goes away when fixed
		await page.getByRole('button', { name: '编辑: 分析窗口' }).click();
		await editor.getByLabel('分析窗口 结束').fill('2024-04-01');
		await editor.getByRole('button', { name: '保存' }).click();
		const alert = editor.getByRole('alert');
		await expect.poll(() => alert.textContent()).toContain('开始日期晚于结束日期');
		await editor.getByLabel('分析窗口 结束').fill('2024-04-21');
		await expect.poll(() => alert.count()).toBe(0);
		await editor.getByRole('button', { name: '保存' }).click();
		await expect.poll(() => page.getByTestId('case-window').textContent()).toBe('2024-04-08 – 2024-04-21');

		// the title and the owner are edited in place too
		await page.getByRole('button', { name: '编辑: 负责人' }).click();
		await page.getByLabel('负责人').fill('王敏');
		await page.getByLabel('负责人').press('Enter');
		await expect.poll(() => page.getByTestId('case-owner').textContent()).toContain('王敏');
		await page.screenshot({ path: join(shots, 'case-edit.png'), fullPage: true });
		await page.close();
	});

	it('shows a viewer the case without any edit control, and /cases/new, /import and admin pages as proper pages', async () => {
		const page = await as('viewer', 'zh', 1280);
		await page.goto(`${auth.url}/cases/${caseId}`);
		await page.getByTestId('case-title').waitFor();
		expect(await page.getByTestId('case-state-text').textContent()).toContain('新建');
		for (const id of ['case-state', 'problem', 'new-why', 'new-action', 'new-cause-machine', 'verify', 'mark-done', 'add-suggestion'])
			expect(await page.getByTestId(id).count(), id).toBe(0);
		expect(await page.getByRole('button', { name: /^编辑/ }).count()).toBe(0);
		expect(await page.locator('main input, main textarea, main select').count()).toBe(0);
		expect(await page.getByTestId('cause').textContent()).toContain('支付网关 E2001');
		await page.screenshot({ path: join(shots, 'case-viewer.png'), fullPage: true });

		// /cases/new: a sentence, not a form that fails with "Unexpected token"
		await page.goto(`${auth.url}/cases/new?effect=subcategory%3D支付失败&from=2024-04-01&to=2024-04-30`);
		expect(await page.getByTestId('viewer-note').textContent()).toContain('分析员');
		expect(await page.getByTestId('new-case').count()).toBe(0);
		// and a form posted anyway is refused as an action result, not bare text
		const posted = await fetch(`${auth.url}/cases/new`, { method: 'POST', headers: { origin: auth.url, cookie: cookies.viewer, 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' }, body: 'title=x' });
		expect(posted.status).toBe(403);
		expect((await posted.json()).type).toBe('error');

		await page.goto(`${auth.url}/import`);
		expect(await page.getByTestId('viewer-note').textContent()).toContain('查看者');
		await page.goto(`${auth.url}/account`);
		expect(await page.getByTestId('tokens').count()).toBe(0);
		await page.getByTestId('password-form').waitFor();

		// an admin page, typed in: a page that says why, with the status
		const typed = await page.goto(`${auth.url}/admin/users`);
		expect(typed!.status()).toBe(403);
		expect(await page.getByTestId('error-page').textContent()).toContain('管理员');
		// reached inside the app (a client-side navigation): the app's own error page
		await page.goto(`${auth.url}/cases`);
		await page.waitForLoadState('networkidle'); // hydrated: links go through the client router
		// a link to an admin page followed inside the app (as a bookmark in the app would be)
		await page.evaluate(() => document.querySelector('nav#main-nav a[href="/cases"]')!.setAttribute('href', '/admin/audit'));
		await page.locator('nav#main-nav a[href="/admin/audit"]').click();
		await expect.poll(() => page.getByTestId('error-page').textContent()).toContain('管理员');
		expect(await page.getByTestId('error-page').textContent()).not.toMatch(/Unexpected token|JSON/);
		await page.screenshot({ path: join(shots, 'viewer-admin-page.png') });
		await page.close();
	});

	it('says a refusal in the UI language next to its control, and takes it away once fixed', async () => {
		const page = await as('analyst', 'zh', 1280);
		await page.goto(`${auth.url}/cases/new`);
		await page.waitForLoadState('networkidle');
		await page.getByRole('button', { name: '创建案例' }).click();
		const titleError = page.getByTestId('error-title');
		await expect.poll(() => titleError.textContent()).toBe('请填写「标题」。');
		// it sits with the title field
		expect(await page.locator('label', { has: page.locator('input[name=title]') }).getByTestId('error-title').count()).toBe(1);
		await page.locator('input[name=title]').fill('登录异常调查');
		await expect.poll(() => titleError.count()).toBe(0);
		await page.close();

		// in English, the password form: each refusal next to its field
		const en = await as('analyst', 'en', 1280);
		await en.goto(`${auth.url}/account`);
		await en.waitForLoadState('networkidle');
		const form = en.getByTestId('password-form');
		await form.getByLabel('Current password').fill('not my password');
		await form.getByLabel('New password (8 characters or more)').fill('a-new-password');
		await form.getByLabel('The new password again').fill('a-new-password');
		await form.getByRole('button', { name: 'Save the new password' }).click();
		await expect.poll(() => form.getByTestId('error-current').textContent()).toBe('That is not your current password.');
		await form.getByLabel('Current password').fill(PASSWORD);
		await expect.poll(() => form.getByTestId('error-current').count()).toBe(0);
		await form.getByLabel('The new password again').fill('a-new-passwor');
		await expect.poll(() => form.getByTestId('error-repeat').textContent()).toBe('The two new passwords differ.');
		await en.close();
	});

	it('redrafts a new case’s text when the window changes, until the user edits it', async () => {
		const page = await as('analyst', 'zh', 1280);
		await page.goto(`${auth.url}/cases/new?effect=${encodeURIComponent('subcategory=支付失败')}&from=2024-04-01&to=2024-04-30`);
		await page.waitForLoadState('networkidle');
		const problem = page.locator('textarea[name=problem]');
		await expect.poll(() => problem.inputValue()).toContain('2024年4月');
		await page.getByLabel('分析窗口 开始').fill('2024-04-08');
		await page.getByLabel('分析窗口 结束').fill('2024-04-14');
		await page.getByLabel('分析窗口 结束').blur();
		await expect.poll(() => problem.inputValue()).toContain('2024-04-08 – 2024-04-14');
		expect(await page.locator('input[name=title]').inputValue()).toContain('2024-04-08 – 2024-04-14');
		// the baseline follows: the 7 days before
		expect(await page.locator('input[name=baseline_from]').inputValue()).toBe('2024-04-01');
		// once the title is the user's own, a new window leaves it alone (the problem statement still follows)
		await page.locator('input[name=title]').fill('网关超时调查');
		await page.getByLabel('分析窗口 结束').fill('2024-04-21');
		await page.getByLabel('分析窗口 结束').blur();
		await expect.poll(() => problem.inputValue()).toContain('2024-04-08 – 2024-04-21');
		expect(await page.locator('input[name=title]').inputValue()).toBe('网关超时调查');
		await page.close();
	});

	it('confirms a cause that rose in the window when the evidence should show a rise, and says what was found', async () => {
		const cause = (await call(auth, `/api/cases/${caseId}`, { who: 'analyst' })).body.causes as { id: number }[];
		const v = await call(auth, `/api/causes/${cause[0].id}/verifications`, {
			method: 'POST',
			who: 'analyst',
			body: { method: 'data_comparison', note: '', compare: { kind: 'before_after', before: { from: '2024-03-01', to: '2024-03-31' }, after: { from: '2024-04-01', to: '2024-04-30' }, expect: 'rise' } }
		});
		expect(v.status).toBe(201);
		expect(v.body.result).toBe('confirmed');
		// the same windows read as "a fall after a fix" refute it
		const fall = await call(auth, `/api/causes/${cause[0].id}/verifications`, {
			method: 'POST',
			who: 'analyst',
			body: { method: 'data_comparison', note: '', compare: { kind: 'before_after', before: { from: '2024-03-01', to: '2024-03-31' }, after: { from: '2024-04-01', to: '2024-04-30' }, expect: 'fall' } }
		});
		expect(fall.body.result).toBe('refuted');

		// in the page: the form asks the direction, and the outcome is in words
		const page = await as('analyst', 'zh', 1280);
		await page.goto(`${auth.url}/cases/${caseId}`);
		await page.waitForLoadState('networkidle'); // hydrated: the buttons answer
		const node = page.getByTestId('cause').first();
		await node.getByTestId('verify').click();
		const form = node.getByTestId('verify-form');
		await form.getByLabel('对比方式').selectOption('before_after');
		await form.getByTestId('verify-expect').getByLabel('在分析窗口内上升').check();
		await form.getByRole('button', { name: '记录验证' }).click();
		const outcome = form.getByTestId('verify-outcome');
		await expect.poll(() => outcome.textContent()).toContain('证实');
		expect(await outcome.textContent()).toMatch(/前一段每天 [\d.]+ 张.*后一段每天 [\d.]+ 张.*：上升 \d+%，p < 0\.001/);
		await page.close();
	});

	it('opens a ticket in full: fields, custom columns, versions across imports, the cases it is pinned to', async () => {
		const list = (await call(auth, `/api/tickets?${new URLSearchParams({ subcategory: '支付失败', error_code: 'E2001', channel: 'APP', pageSize: '1' })}`, { who: 'analyst' })).body.rows as { ticket_id: string }[];
		const id = list[0].ticket_id;
		const cause = ((await call(auth, `/api/cases/${caseId}`, { who: 'analyst' })).body.causes as { id: number }[])[0];
		expect((await call(auth, `/api/cases/${caseId}/pins`, { method: 'POST', who: 'analyst', body: { ticketId: id, causeId: cause.id } })).status).toBe(201);
		const page = await as('viewer', 'zh', 1280);
		await page.goto(`${auth.url}/pareto?subcategory=支付失败&error_code=E2001&dim=channel&bar=APP`);
		const rows = page.getByTestId('ticket-list').locator('tbody tr');
		await rows.first().waitFor();
		await page.getByTestId('ticket-list').getByRole('button', { name: id }).click();
		const drawer = page.getByTestId('ticket-drawer');
		await expect.poll(() => drawer.getByTestId('ticket-fields').textContent()).toContain('E2001');
		const text = (await drawer.textContent())!;
		expect(text).toContain(`工单 ${id}`);
		expect(text).toMatch(/状态(未处理|处理中|已解决|已关闭)/);
		expect(await drawer.getByTestId('ticket-versions').locator('li').count()).toBeGreaterThanOrEqual(1);
		expect(await drawer.getByTestId('ticket-pins').textContent()).toContain('4月支付失败上升');
		await page.screenshot({ path: join(shots, 'ticket-drawer.png') });
		await page.keyboard.press('Escape');
		await expect.poll(() => drawer.count()).toBe(0);
		await page.close();
	});

	it('shows a notebook with a bad week as the page with a sentence, and steps through weeks', async () => {
		const page = await as('viewer', 'en', 1280);
		const r = await page.goto(`${auth.url}/notebooks/weekly-review?week=2024-W99`);
		expect(r!.status()).toBe(200);
		expect(await page.getByTestId('param-problem').textContent()).toContain('“2024-W99” is not a week');
		await page.getByTestId('notebook').waitFor();
		const picker = page.getByTestId('week-picker');
		expect(await picker.locator('strong').textContent()).toBe('2024-W26');
		await page.waitForLoadState('networkidle');
		await picker.getByTestId('prev-week').click();
		await expect.poll(() => new URL(page.url()).searchParams.get('week')).toBe('2024-06-17');
		await expect.poll(() => picker.locator('strong').textContent()).toBe('2024-W25');
		expect(await page.getByTestId('param-problem').count()).toBe(0);
		await page.close();
	});

	it('fits a 390 px phone on every page: no horizontal scroll, the header folds into a menu', async () => {
		const notebook = '/notebooks/weekly-review';
		const paths = [
			'/',
			'/pareto?from=2024-04-01&to=2024-04-30',
			'/pareto?from=2024-04-01&to=2024-04-30&bar=支付失败',
			'/trend?grain=day&split=channel',
			'/spikes?grain=week&dim=subcategory',
			`/control?chart=p&grain=week&effect=${encodeURIComponent('subcategory=支付失败')}`,
			'/breakdowns',
			'/cases',
			'/cases/new?effect=subcategory%3D支付失败&from=2024-04-01&to=2024-04-30',
			`/cases/${caseId}`,
			`/cases/${caseId}/report`,
			'/notebooks',
			notebook,
			`${notebook}?week=2024-W99`,
			'/import',
			'/account',
			'/admin/users',
			'/admin/audit'
		];
		const wide: string[] = [];
		for (const lang of ['zh', 'en'] as const) {
			const page = await as('admin', lang, 390);
			for (const p of paths) {
				const r = await page.goto(auth.url + p);
				expect(r!.status(), p).toBeLessThan(400);
				await page.waitForLoadState('networkidle');
				const w = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				if (w > 390) wide.push(`${lang} ${p}: ${w}px`);
			}
			// the navigation is behind the menu button, and opens
			await page.goto(auth.url + '/');
			await page.waitForLoadState('networkidle');
			expect(await page.locator('nav#main-nav').isVisible()).toBe(false);
			await page.getByTestId('menu').click();
			expect(await page.locator('nav#main-nav').isVisible()).toBe(true);
			await page.screenshot({ path: join(shots, `phone-menu-${lang}.png`) });
			await page.close();
		}
		expect(wide).toEqual([]);
		// and at 1440 px in English the header is one line
		const desk = await as('admin', 'en', 1440);
		await desk.goto(auth.url + '/');
		const header = (await desk.locator('header').boundingBox())!;
		expect(header.height).toBeLessThan(60);
		await desk.close();
	});
});
