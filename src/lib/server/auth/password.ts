// Changing one's own password: the current one is checked, the new one stored as
// a bcrypt hash, every other session of the user ends (this one stays), and their API tokens are revoked.
import bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';
import type { MessageKey } from '../../i18n';
import type { Store } from '../db';

const BCRYPT_COST = 10;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A refusal: which field it is about and the catalogue key that says why. */
export interface PasswordRefusal {
	field: 'current' | 'next' | 'repeat';
	key: MessageKey;
}

/** The refusal of a new password before any check against the store (pure). */
export function checkNewPassword(next: unknown, repeat: unknown): PasswordRefusal | null {
	if (typeof next !== 'string' || next.length < 8) return { field: 'next', key: 'account.tooShort' };
	// bcrypt reads 72 bytes: a longer password would match any that shares them
	if (next.length > 200 || Buffer.byteLength(next) > 72) return { field: 'next', key: 'account.tooLong' };
	if (next !== repeat) return { field: 'repeat', key: 'account.mismatch' };
	return null;
}

export async function changeOwnPassword(store: Store, userId: number, sessionToken: string | undefined, current: unknown, next: unknown, repeat: unknown): Promise<PasswordRefusal | null> {
	const refused = checkNewPassword(next, repeat);
	if (refused) return refused;
	const r = await store.one<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $id AND NOT disabled', { id: userId });
	if (!r || typeof current !== 'string' || !(await bcrypt.compare(current, r.password_hash))) return { field: 'current', key: 'account.wrongCurrent' };
	const hash = await bcrypt.hash(next as string, BCRYPT_COST);
	await store.write(async (s) => {
		await s.run('UPDATE users SET password_hash = $hash WHERE id = $id', { id: userId, hash });
		await s.run('DELETE FROM sessions WHERE user_id = $id AND token_hash <> $keep', { id: userId, keep: sessionToken ? sha256(sessionToken) : '' });
		// as with a reset by an admin: a new password also ends the user's API tokens (a leaked one stops working)
		await s.run('UPDATE api_tokens SET revoked_at = $now::TIMESTAMP WHERE user_id = $id AND revoked_at IS NULL', { id: userId, now: new Date().toISOString().replace('Z', '') });
	});
	return null;
}
