// Accounts are on unless the server is bound to loopback only AND
// CAUSEWAY_AUTH=off: the one-command local mode. On any other address they are
// on whatever CAUSEWAY_AUTH says. (adapter-node listens on 0.0.0.0 when HOST is unset.)
import type { User } from './accounts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function authEnabled(env: Record<string, string | undefined> = process.env): boolean {
	return !(env.CAUSEWAY_AUTH === 'off' && LOOPBACK.has(env.HOST ?? '0.0.0.0'));
}

/** Who acts in local single-user mode. */
export const LOCAL_USER: User = { id: 0, name: 'local', role: 'admin' };

export const SESSION_COOKIE = 'causeway_session';

/**
 * Whether a Host header names this machine's loopback: localhost, 127.0.0.0/8 or [::1], with an
 * optional port. Single-user mode answers only these: a page on another site whose DNS name is
 * rebound to 127.0.0.1 reaches us with its own name in Host.
 */
export function loopbackHost(host: string | null): boolean {
	const m = /^(?:localhost|\[::1\]|127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}))(?::(\d{1,5}))?$/i.exec(host ?? '');
	if (!m) return false;
	const octets = m.slice(1, 4).filter((x) => x !== undefined).map(Number);
	return octets.every((o) => o <= 255) && (m[4] === undefined || Number(m[4]) <= 65535);
}
