// npm run bench -- import|queries|load
// Prints one JSON line per measurement. Compare ratios within one run: machines are noisy.
const which = process.argv[2] ?? 'import';
const benches: Record<string, () => Promise<void>> = {
	import: async () => (await import('./import')).run(),
	queries: async () => (await import('./queries')).run(),
	load: async () => (await import('./load')).run()
};
const fn = benches[which];
if (!fn) {
	console.error(`usage: npm run bench -- ${Object.keys(benches).join('|')}`);
	process.exit(2);
}
await fn();
