// This machine's npm registry mirror lacks other platforms' builds of optional
// native packages (@duckdb/node-bindings-darwin-*, @rollup/rollup-win32-* …), so
// `npm install` leaves them out of package-lock.json and `npm ci` then refuses the
// lock as out of sync. This adds an entry for each missing optional package with
// its version and platform, the way npm records them elsewhere; `npm ci` skips
// them on Linux x64 without fetching anything. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;

function platformOf(name) {
	const os = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd'].find((o) => name.includes(o));
	const cpu = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'].find((c) => new RegExp(`[-_]${c}([-_]|$)`).test(name.split('/').pop()));
	const libc = /musl/.test(name) ? ['musl'] : /gnu/.test(name) && (os ?? 'linux') === 'linux' ? ['glibc'] : undefined;
	return { os: os ? [os] : undefined, cpu: cpu ? [cpu] : undefined, libc };
}

for (const [path, meta] of Object.entries(pkgs)) {
	for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
		const key = `node_modules/${name}`;
		const nested = `${path}/node_modules/${name}`;
		if (pkgs[key] || pkgs[nested]) continue;
		const version = String(range).replace(/^[\^~=]/, '');
		pkgs[key] = { version, dev: meta.dev, optional: true, ...platformOf(name) };
		for (const k of Object.keys(pkgs[key])) if (pkgs[key][k] === undefined) delete pkgs[key][k];
		added++;
	}
}
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} optional platform packages`);
