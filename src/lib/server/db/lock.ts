/** A FIFO mutex: writes run one at a time, in the order they asked. */
export class Mutex {
	#tail: Promise<void> = Promise.resolve();

	run<T>(fn: () => Promise<T>): Promise<T> {
		const result = this.#tail.then(fn);
		this.#tail = result.then(
			() => undefined,
			() => undefined
		);
		return result;
	}
}
