// Login attempts: at most `limit` failures per key (name and address) in a
// sliding window; then refused until the oldest failure ages out. In memory:
// a restart forgets, which only ever helps the legitimate user.

export class RateLimiter {
	#failures = new Map<string, number[]>();
	constructor(
		readonly limit = 5,
		readonly windowMs = 10 * 60_000,
		readonly now: () => number = Date.now
	) {}

	/** Milliseconds until the key may try again; 0 when it may now. */
	retryAfter(key: string): number {
		const t = this.now();
		const recent = (this.#failures.get(key) ?? []).filter((x) => t - x < this.windowMs);
		this.#failures.set(key, recent);
		return recent.length >= this.limit ? recent[0] + this.windowMs - t : 0;
	}

	fail(key: string) {
		const list = this.#failures.get(key) ?? [];
		list.push(this.now());
		this.#failures.set(key, list);
		if (this.#failures.size > 10_000) this.#failures.delete(this.#failures.keys().next().value!);
	}

	succeed(key: string) {
		this.#failures.delete(key);
	}
}
