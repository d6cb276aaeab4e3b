// Signing in and out of the browser: the rate-limited password check, the
// session cookie (HttpOnly, SameSite=Lax, Secure over https), the audit entries.
import type { Cookies } from '@sveltejs/kit';
import type { Store } from '../db';
import { checkLogin, createSession, endSession, type User } from './accounts';
import { audit } from './audit';
import { SESSION_COOKIE } from './mode';
import { RateLimiter } from './ratelimit';

const perName = new RateLimiter(5, 10 * 60_000);
const perAddress = new RateLimiter(30, 10 * 60_000);

export type SignIn = { user: User } | { error: string; status: number };

export async function signIn(store: Store, name: string, password: string, address: string): Promise<SignIn> {
	const key = `${address}|${name.trim().toLowerCase()}`;
	const wait = Math.max(perName.retryAfter(key), perAddress.retryAfter(address));
	if (wait > 0) return { status: 429, error: `Too many failed sign-ins: try again in ${Math.ceil(wait / 60_000)} min. 登录失败次数过多，请稍后再试。` };
	const user = await checkLogin(store, name, password);
	if (!user) {
		perName.fail(key);
		perAddress.fail(address);
		await audit(store, { user: name.slice(0, 50), role: null, action: 'sign-in failed', target: address, status: 400 });
		return { status: 400, error: 'Wrong name or password. 用户名或密码错误。' };
	}
	perName.succeed(key);
	await audit(store, { user: user.name, role: user.role, action: 'sign-in', target: address, status: 200 });
	return { user };
}

export async function startSession(store: Store, cookies: Cookies, user: User, secure: boolean): Promise<void> {
	const { token, expires } = await createSession(store, user.id);
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
}

export async function signOut(store: Store, cookies: Cookies, user: User | null, everywhere: boolean): Promise<void> {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await endSession(store, token, everywhere);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	await audit(store, { user: user?.name ?? null, role: user?.role ?? null, action: everywhere ? 'sign-out everywhere' : 'sign-out', status: 200 });
}

/**
 * Whether the browser reached us over https, so the cookie can be Secure.
 * adapter-node reports https for every request unless ORIGIN is set, so its URL
 * cannot tell; ORIGIN or a proxy's X-Forwarded-Proto can.
 */
export function overHttps(request: Request): boolean {
	return (process.env.ORIGIN ?? '').startsWith('https://') || request.headers.get('x-forwarded-proto') === 'https';
}

/** Where to go after signing in: a path on this site only. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
