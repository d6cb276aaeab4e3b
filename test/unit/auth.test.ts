import { describe, expect, it } from 'vitest';
import { allows, requiredRole } from '../../src/lib/auth/policy';
import { badPasswordLength, createToken, createUser, tokenDays, tokenUser, updateUser } from '../../src/lib/server/auth/accounts';
import { crossSite } from '../../src/hooks.server';
import { authEnabled, loopbackHost } from '../../src/lib/server/auth/mode';
import { foldName, nameSkeleton, sameName } from '../../src/lib/server/auth/names';
import { attemptSucceeded, reserveAttempt } from '../../src/lib/server/auth/ratelimit';
import { safeNext, signIn, visibleName } from '../../src/lib/server/auth/signin';
import { tempStore } from '../helpers/workspace';

describe('requiredRole', () => {
	it.each([
		['/login', 'POST', 'public'],
		['/setup', 'POST', 'public'],
		[null, 'GET', 'public'],
		['/', 'GET', 'viewer'],
		['/api/stats/pareto', 'GET', 'viewer'],
		['/notebooks/[slug]', 'GET', 'viewer'],
		['/cases/[id]', 'GET', 'viewer'],
		['/api/imports', 'POST', 'analyst'],
		['/api/cases/[id]', 'PATCH', 'analyst'],
		['/api/causes/[id]/verifications', 'POST', 'analyst'],
		['/api/actions/[id]', 'PATCH', 'analyst'],
		['/cases/new', 'POST', 'analyst'],
		['/api/imports/[id]', 'DELETE', 'admin'],
		['/api/users', 'GET', 'admin'],
		['/api/users/[id]', 'PATCH', 'admin'],
		['/api/audit', 'GET', 'admin'],
		['/admin/users', 'GET', 'admin'],
		['/api/tokens', 'POST', 'viewer'],
		['/logout', 'POST', 'viewer'],
		['/alerts', 'GET', 'viewer'],
		['/api/alerts', 'GET', 'viewer'],
		['/api/alert-rules', 'GET', 'viewer'],
		['/api/alert-rules', 'POST', 'analyst'],
		['/api/alert-rules/[id]', 'PATCH', 'analyst'],
		['/api/alert-rules/[id]', 'DELETE', 'analyst'],
		['/api/alert-rules/[id]/test', 'POST', 'analyst'],
		['/api/alerts/[id]/acknowledge', 'POST', 'analyst']
	])('%s %s needs %s', (route, method, need) => {
		expect(requiredRole(route, method)).toBe(need);
	});
	it('nests the roles', () => {
		expect(allows('admin', 'analyst')).toBe(true);
		expect(allows('analyst', 'admin')).toBe(false);
		expect(allows('viewer', 'analyst')).toBe(false);
		expect(allows(null, 'viewer')).toBe(false);
		expect(allows(null, 'public')).toBe(true);
	});
});

describe('authEnabled', () => {
	it('is off only on loopback with CAUSEWAY_AUTH=off', () => {
		expect(authEnabled({ CAUSEWAY_AUTH: 'off', HOST: '127.0.0.1' })).toBe(false);
		expect(authEnabled({ CAUSEWAY_AUTH: 'off', HOST: 'localhost' })).toBe(false);
		expect(authEnabled({ CAUSEWAY_AUTH: 'off', HOST: '0.0.0.0' })).toBe(true);
		expect(authEnabled({ CAUSEWAY_AUTH: 'off' })).toBe(true); // adapter-node's default is 0.0.0.0
		expect(authEnabled({ HOST: '127.0.0.1' })).toBe(true);
	});
});

describe('sign-in attempts (counted in the database)', () => {
	const limits = { pair: 3, account: 5, address: 8, windowMs: 1000 };
	it('refuses a pair past its limit until the window passes; the right password forgives the pair', async () => {
		const { store, cleanup } = await tempStore();
		try {
			const a = { address: '10.0.0.1', account: 'alice' };
			for (let i = 0; i < 3; i++) expect(await reserveAttempt(store, a, limits, 100 * i)).toBe(0);
			expect(await reserveAttempt(store, a, limits, 300)).toBe(700);
			// another account from the same address, and the same account elsewhere, still go ahead
			expect(await reserveAttempt(store, { address: '10.0.0.1', account: 'bob' }, limits, 300)).toBe(0);
			expect(await reserveAttempt(store, { address: '10.0.0.2', account: 'alice' }, limits, 300)).toBe(0);
			expect(await reserveAttempt(store, a, limits, 1001)).toBe(0); // the first aged out
			await attemptSucceeded(store, a);
			expect(await reserveAttempt(store, a, limits, 1002)).toBe(0);
		} finally {
			await cleanup();
		}
	});
	it('limits an account over all addresses and an address over all accounts, each on its own', async () => {
		const { store, cleanup } = await tempStore();
		try {
			for (let i = 0; i < 5; i++) expect(await reserveAttempt(store, { address: `10.0.1.${i}`, account: 'carol' }, limits, 10)).toBe(0);
			expect(await reserveAttempt(store, { address: '10.0.1.99', account: 'carol' }, limits, 20)).toBeGreaterThan(0);
			for (let i = 0; i < 8; i++) expect(await reserveAttempt(store, { address: '10.0.2.1', account: `user${i}` }, limits, 10)).toBe(0);
			expect(await reserveAttempt(store, { address: '10.0.2.1', account: 'someone-else' }, limits, 20)).toBeGreaterThan(0);
			expect(await reserveAttempt(store, { address: '10.0.2.2', account: 'someone-else' }, limits, 20)).toBe(0);
		} finally {
			await cleanup();
		}
	});
	it('counts concurrent attempts before checking the password: only the limit get checked', async () => {
		const { store, cleanup } = await tempStore();
		try {
			await createUser(store, { name: 'dave', password: 'the right password', role: 'viewer' });
			await createUser(store, { name: 'erin', password: 'erins password', role: 'viewer' });
			const results = await Promise.all(Array.from({ length: 20 }, () => signIn(store, 'dave', 'wrong guess', '10.0.3.1')));
			const statuses = results.map((r) => ('error' in r ? r.status : 200));
			expect(statuses.filter((s) => s === 400)).toHaveLength(5);
			expect(statuses.filter((s) => s === 429)).toHaveLength(15);
			// the same address, another user, the right password: in
			expect('user' in (await signIn(store, 'erin', 'erins password', '10.0.3.1'))).toBe(true);
			// look-alike spellings of the name count against the same account
			expect((await signIn(store, 'DAVE', 'wrong guess', '10.0.3.1')) as { status: number }).toMatchObject({ status: 429 });
		} finally {
			await cleanup();
		}
	});
	it('refuses an overlong name or password before any work', async () => {
		const { store, cleanup } = await tempStore();
		try {
			const t = performance.now();
			const r = await signIn(store, 'x'.repeat(5_000_000), 'y', '10.0.4.1');
			expect(r).toMatchObject({ status: 400 });
			expect(await signIn(store, 'admin', 'p'.repeat(201), '10.0.4.1')).toMatchObject({ status: 400 });
			expect(performance.now() - t).toBeLessThan(1000);
			expect(Number((await store.one<{ n: number }>('SELECT count(*) AS n FROM signin_attempts'))?.n)).toBe(0);
		} finally {
			await cleanup();
		}
	});
});

describe('user names', () => {
	it('are the same name across case, compatibility forms and look-alike letters', () => {
		expect(sameName('Admin', 'admin')).toBe(true);
		expect(sameName('\u0430dmin', 'admin')).toBe(true); // Cyrillic а
		expect(sameName('ADM\u0399N', 'admin')).toBe(true); // Greek Ι
		expect(sameName('\uff41\uff44\uff4d\uff49\uff4e', 'admin')).toBe(true); // full-width
		expect(sameName('\u0440\u0430ul', 'paul')).toBe(true); // Cyrillic р, а
		expect(sameName('adm1n', 'admin')).toBe(true);
		expect(sameName('alice', 'bob')).toBe(false);
		expect(sameName('张三', '张四')).toBe(false);
		expect(foldName('ＡＤＭＩＮ')).toBe('admin');
		expect(nameSkeleton('\u0391\u0392\u0395')).toBe(nameSkeleton('ABE'));
	});
	it('cannot be taken twice that way', async () => {
		const { store, cleanup } = await tempStore();
		try {
			await createUser(store, { name: 'admin', password: 'a long password', role: 'admin' });
			for (const name of ['Admin', 'ADMIN', '\u0430dmin', '\uff41dmin', 'adm\u0456n'])
				await expect(createUser(store, { name, password: 'a long password', role: 'viewer' })).rejects.toThrow(/already/);
			expect((await createUser(store, { name: 'admins', password: 'a long password', role: 'viewer' })).name).toBe('admins');
		} finally {
			await cleanup();
		}
	});
});

describe('API tokens', () => {
	it('expire when asked, and end with a new password, a disable or a demotion', async () => {
		const { store, cleanup } = await tempStore();
		try {
			const u = await createUser(store, { name: 'frank', password: 'a long password', role: 'analyst' });
			const forever = await createToken(store, u.id, 'cron');
			expect(forever.expiresAt).toBeNull();
			const week = await createToken(store, u.id, 'week', 7);
			expect(week.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
			expect(await tokenUser(store, week.token)).toMatchObject({ name: 'frank' });
			await store.write((s) => s.run("UPDATE api_token_expiry SET expires_at = TIMESTAMP '2000-01-01' WHERE token_id = $id", { id: week.id }));
			expect(await tokenUser(store, week.token)).toBeNull();
			expect(() => tokenDays(0)).toThrow(/whole number/);
			expect(() => tokenDays('1e9')).toThrow(/whole number/);
			expect(tokenDays('')).toBeNull();
			await updateUser(store, u.id, { password: 'another long password' });
			expect(await tokenUser(store, forever.token)).toBeNull();
			const again = await createToken(store, u.id, 'after reset');
			await updateUser(store, u.id, { disabled: true });
			await updateUser(store, u.id, { disabled: false });
			expect(await tokenUser(store, again.token)).toBeNull(); // re-enabling does not bring it back
		} finally {
			await cleanup();
		}
	});
});

describe('loopbackHost', () => {
	it.each([
		['localhost', true],
		['localhost:3000', true],
		['LOCALHOST:3000', true],
		['127.0.0.1', true],
		['127.0.0.1:3000', true],
		['127.1.2.3:80', true],
		['[::1]', true],
		['[::1]:3000', true],
		['attacker.example', false],
		['attacker.example:3000', false],
		['localhost.attacker.example', false],
		['127.0.0.1.nip.io', false],
		['127.0.0.256', false],
		['10.0.0.1:3000', false],
		['[::ffff:7f00:1]', false],
		['', false],
		[null, false]
	])('%s → %s', (host, ok) => {
		expect(loopbackHost(host)).toBe(ok);
	});
});

describe('safeNext', () => {
	it('goes only to a path on this site', () => {
		expect(safeNext('/pareto?x=1')).toBe('/pareto?x=1');
		expect(safeNext('//evil.example')).toBe('/');
		expect(safeNext('https://evil.example')).toBe('/');
		expect(safeNext('/\\evil')).toBe('/');
		expect(safeNext(null)).toBe('/');
	});
	it.each([
		'/\t/127.0.0.1:8081/x',
		'/%09/127.0.0.1:8081/x',
		'/\r\nSet-Cookie: x=1',
		'/\n/evil.example',
		'/\\/evil.example',
		'\\\\evil.example',
		'/.//evil.example',
		'/..//evil.example',
		'/a//b',
		'///evil.example',
		'https:/evil.example',
		'http://causeway.invalid/x',
		'javascript:alert(1)',
		' /x',
		'/\u0000',
		'/\u0085x',
		'x'
	])('refuses %j', (next) => {
		expect(safeNext(decodeURIComponent(encodeURIComponent(next)))).toBe('/');
	});
	it('keeps a path with its query and percent-encodes what a Location header cannot hold', () => {
		expect(safeNext('/cases/3?tab=whys#w5')).toBe('/cases/3?tab=whys#w5');
		expect(safeNext('/pareto?subcategory=支付失败')).toBe('/pareto?subcategory=%E6%94%AF%E4%BB%98%E5%A4%B1%E8%B4%A5');
		expect(safeNext('/pareto?q=http://x')).toBe('/pareto?q=http://x');
		expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
	});
});

describe('passwords bcrypt can check whole', () => {
	it('a new password is at most 72 bytes: bcrypt reads no further', () => {
		expect(badPasswordLength('a'.repeat(72))).toBe(false);
		expect(badPasswordLength('a'.repeat(73))).toBe(true);
		expect(badPasswordLength('密'.repeat(24))).toBe(false); // 72 bytes
		expect(badPasswordLength('密'.repeat(25))).toBe(true);
		expect(badPasswordLength('short')).toBe(true);
	});
});

describe('writes from other sites', () => {
	it('are refused by their Origin, or by Sec-Fetch-Site when there is none', () => {
		expect(crossSite('POST', 'http://evil.example', '127.0.0.1:3000')).toBe(true);
		expect(crossSite('POST', 'http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
		expect(crossSite('POST', null, '127.0.0.1:3000', 'cross-site')).toBe(true);
		expect(crossSite('POST', null, '127.0.0.1:3000', 'same-origin')).toBe(false);
		expect(crossSite('POST', null, '127.0.0.1:3000', null)).toBe(false); // a script (curl, cron) sends neither
		expect(crossSite('GET', 'http://evil.example', '127.0.0.1:3000', 'cross-site')).toBe(false);
	});
});

describe('names in the audit log', () => {
	it('show their invisible characters', () => {
		expect(visibleName('an\u00ADalyst')).toBe('an\\u{AD}alyst');
		expect(visibleName('\u200Banalyst')).toBe('\\u{200B}analyst');
		expect(visibleName('analyst')).toBe('analyst');
	});
});
