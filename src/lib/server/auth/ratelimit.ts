// Sign-in attempts, counted in the database before the password is checked, so
// concurrent guesses cannot slip past the count and a restart does not forget it.
// Each attempt takes a slot behind the write lock; a wrong password keeps it,
// the right one frees the slots of that (address, account) pair. Three limits in a
// sliding window, each checked separately:
// - per (address, account): one client guessing one account;
// - per account, from any address: guessing spread over many addresses;
// - per address, over all accounts: a high ceiling, so that an office behind one
//   proxy is not locked out by one colleague's (or one attacker's) failures.
import type { Store } from '../db';

export const SIGNIN_LIMITS = { pair: 5, account: 20, address: 100, windowMs: 10 * 60_000 };

export interface Attempt {
	/** The client's address as the server sees it. */
	address: string;
	/** The account's key (nameSkeleton of the name typed), so look-alike spellings count together. */
	account: string;
}

/**
 * Take a slot for this attempt: 0 when it may go ahead (it then counts as a failure until
 * attemptSucceeded), else the milliseconds until one of the limits frees a slot.
 */
export async function reserveAttempt(store: Store, a: Attempt, limits = SIGNIN_LIMITS, now = Date.now()): Promise<number> {
	return store.write(async (s) => {
		await s.run('DELETE FROM signin_attempts WHERE tried_at <= $since', { since: now - limits.windowMs });
		const r = await s.one<Record<string, number | null>>(
			`SELECT count(*) FILTER (WHERE address = $address AND account = $account) AS pair,
				min(tried_at) FILTER (WHERE address = $address AND account = $account) AS pair_first,
				count(*) FILTER (WHERE account = $account) AS account,
				min(tried_at) FILTER (WHERE account = $account) AS account_first,
				count(*) FILTER (WHERE address = $address) AS address,
				min(tried_at) FILTER (WHERE address = $address) AS address_first
			 FROM signin_attempts WHERE address = $address OR account = $account`,
			{ address: a.address, account: a.account }
		);
		let wait = 0;
		for (const k of ['pair', 'account', 'address'] as const) {
			// counts never pass their limit: an attempt is only recorded when all three are below it
			if (Number(r?.[k] ?? 0) >= limits[k]) wait = Math.max(wait, Number(r?.[`${k}_first`]) + limits.windowMs - now);
		}
		if (wait > 0) return wait;
		await s.run('INSERT INTO signin_attempts (tried_at, address, account) VALUES ($at, $address, $account)', { at: now, address: a.address, account: a.account });
		return 0;
	});
}

/** The right password: this pair's failures are forgiven. */
export async function attemptSucceeded(store: Store, a: Attempt): Promise<void> {
	await store.write((s) => s.run('DELETE FROM signin_attempts WHERE address = $address AND account = $account', { address: a.address, account: a.account }));
}
