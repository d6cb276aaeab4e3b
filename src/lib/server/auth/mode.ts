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
