// Signing in and out of the browser: the rate-limited password check, the
// session cookie (HttpOnly, SameSite=Lax, Secure over https), the audit entries.
import type { Cookies } from '@sveltejs/kit';
import type { Store } from '../db';
import { checkLogin, createSession, endSession, MAX_NAME, MAX_PASSWORD, type User } from './accounts';
import { audit } from './audit';
import { SESSION_COOKIE } from './mode';
import { nameSkeleton } from './names';
import { attemptSucceeded, reserveAttempt } from './ratelimit';

export type SignIn = { user: User } | { error: string; status: number };

const WRONG = 'Wrong name or password. 用户名或密码错误。';

export async function signIn(store: Store, name: string, password: string, address: string): Promise<SignIn> {
	// no account has a longer name or password: refuse before any work (no bcrypt, no counting)
	if (name.length > MAX_NAME * 4 || password.length > MAX_PASSWORD) return { status: 400, error: WRONG };
	const attempt = { address, account: nameSkeleton(name.trim()) };
	// counted before the password is checked: concurrent guesses each take a slot or get 429
	const wait = await reserveAttempt(store, attempt);
	if (wait > 0) return { status: 429, error: `Too many failed sign-ins: try again in ${Math.ceil(wait / 60_000)} min. 登录失败次数过多，请稍后再试。` };
	const user = await checkLogin(store, name, password);
	if (!user) {
		// the name as typed, its invisible characters shown (a soft hyphen or zero-width space must not pass for a real user in the log)
		await audit(store, { user: visibleName(name.slice(0, MAX_NAME)), role: null, action: 'sign-in failed', target: address, status: 400 });
		return { status: 400, error: WRONG };
	}
	await attemptSucceeded(store, attempt);
	await audit(store, { user: user.name, role: user.role, action: 'sign-in', target: address, status: 200 });
	return { user };
}

/** A new session for the user; the session the browser held before (if any) ends, so no token chosen before sign-in survives it. */
export async function startSession(store: Store, cookies: Cookies, user: User, secure: boolean): Promise<void> {
	const before = cookies.get(SESSION_COOKIE);
	if (before) await endSession(store, before, false);
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

const BASE = 'http://causeway.invalid';

/**
 * Where to go after signing in: a path on this site only, else `/`. The value must start with
 * one `/`, hold no control characters or backslashes (nor their %-escapes), no `//` in its path (browsers read `/\\host`, `/%09/host`
 * and `//host` as another site), and still be on our origin when parsed against it; it comes back
 * as URL serialises it (percent-encoded), so it is always a valid Location header.
 */
export function safeNext(next: string | null): string {
	if (!next || next.length > 2000 || !next.startsWith('/')) return '/';
	if (/[\u0000-\u001f\u007f-\u009f\\]|%(?:[01][0-9a-f]|7f|5c)/i.test(next) || next.split(/[?#]/)[0].includes('//')) return '/';
	let u: URL;
	try {
		u = new URL(next, BASE);
	} catch {
		return '/';
	}
	if (u.origin !== BASE || u.username || u.password) return '/';
	const out = u.pathname + u.search + u.hash;
	return out.startsWith('/') && !out.startsWith('//') ? out : '/';
}

/** A typed name with format and control characters written out (`an\u{AD}alyst`), so the audit log never shows two names alike. */
export function visibleName(name: string): string {
	return name.replace(/[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}
