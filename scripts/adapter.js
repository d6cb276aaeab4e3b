// adapter-node, with its one body-size limit for every route switched off.
// adapter-node reads BODY_SIZE_LIMIT (default 512 KB) when build/handler.js loads
// and applies it to every route alike, so the upload route could not stream a
// large export and every other route would accept 512 KB. Causeway limits bodies
// per route itself (src/lib/server/bodies.ts, enforced in hooks.server.ts): the
// upload streams up to CAUSEWAY_MAX_UPLOAD_MB, everything else has a small cap.
// So `node build`, `npm start` and a custom server importing build/handler.js all
// behave the same, whatever BODY_SIZE_LIMIT the environment holds.
import node from '@sveltejs/adapter-node';
import { readFileSync, writeFileSync } from 'node:fs';

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
			const file = `${opts.out ?? 'build'}/handler.js`;
			const src = readFileSync(file, 'utf8');
			// if adapter-node stops reading this variable, the prelude would silently do nothing
			if (!src.includes("env('BODY_SIZE_LIMIT'")) throw new Error(`${file} no longer reads BODY_SIZE_LIMIT: check scripts/adapter.js against this adapter-node version`);
			// module bodies run after their imports, so this runs before the handler reads the variable
			writeFileSync(file, PRELUDE + src);
		}
	};
}
