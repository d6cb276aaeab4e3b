// adapter-node, with its one body-size limit for every route switched off.
// adapter-node reads BODY_SIZE_LIMIT (default 512 KB) when build/handler.js loads
// and applies it to every route alike, so the upload route could not stream a
// large export and every other route would accept 512 KB. Causeway limits bodies
// per route itself (src/lib/server/bodies.ts, enforced in hooks.server.ts): the
// upload streams up to CAUSEWAY_MAX_UPLOAD_MB, everything else has a small cap.
// So `node build`, `npm start` and a custom server importing build/handler.js all
// behave the same, whatever BODY_SIZE_LIMIT the environment holds.
import node from '@sveltejs/adapter-node';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PRELUDE = `// Added by scripts/adapter.js: Causeway limits request bodies per route (hooks.server.ts).
if (process.env.BODY_SIZE_LIMIT !== undefined && process.env.BODY_SIZE_LIMIT !== 'Infinity') console.warn('causeway: BODY_SIZE_LIMIT is ignored: the app limits request bodies per route (see README, Security).');
process.env.BODY_SIZE_LIMIT = 'Infinity';
`;

/** @param {import('@sveltejs/adapter-node').AdapterOptions} [opts] */
export default function adapter(opts = {}) {
	const inner = node(opts);
	return {
		...inner,
		name: 'causeway-adapter-node',
		/** @param {import('@sveltejs/kit').Builder} builder */
		async adapt(builder) {
			await inner.adapt(builder);
			// the module that reads the variable (rollup may put the handler in a shared chunk)
			const out = opts.out ?? 'build';
			const readers = jsFiles(out).filter((f) => readFileSync(f, 'utf8').includes("env('BODY_SIZE_LIMIT'"));
			// if adapter-node stops reading it this way, the prelude would silently do nothing
			if (readers.length !== 1) throw new Error(`expected one module in ${out}/ reading BODY_SIZE_LIMIT, found ${readers.length}: check scripts/adapter.js against this adapter-node version`);
			// a module's body runs after its imports and before anything that imports it: the
			// prelude runs before the handler reads the variable, however the server is started
			writeFileSync(readers[0], PRELUDE + readFileSync(readers[0], 'utf8'));
		}
	};
}

/** @param {string} dir @returns {string[]} */
function jsFiles(dir) {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		if (f === 'client' && dir.split(/[\\/]/).length === 1) return []; // browser assets
		return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
	});
}
