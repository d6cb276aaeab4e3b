import { describe, expect, it } from 'vitest';
import { allows, requiredRole } from '../../src/lib/auth/policy';
import { RateLimiter } from '../../src/lib/server/auth/ratelimit';
import { authEnabled } from '../../src/lib/server/auth/mode';
import { safeNext } from '../../src/lib/server/auth/signin';

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

describe('RateLimiter', () => {
	it('refuses after the limit within the window, and forgets old failures', () => {
		let t = 0;
		const r = new RateLimiter(3, 1000, () => t);
		for (let i = 0; i < 3; i++) {
			expect(r.retryAfter('k')).toBe(0);
			r.fail('k');
			t += 100;
		}
		expect(r.retryAfter('k')).toBe(700);
		expect(r.retryAfter('other')).toBe(0);
		t = 1001;
		expect(r.retryAfter('k')).toBe(0);
		r.fail('k');
		r.succeed('k');
		expect(r.retryAfter('k')).toBe(0);
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
});
