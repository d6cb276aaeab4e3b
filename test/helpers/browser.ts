// Find Debian's chromium for the browser tests. Where there is none, the tests
// are skipped loudly; under CI (CI set) that is a failure instead.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(): string | null {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
	return candidates.find((p) => existsSync(p)) ?? null;
}

export function browserAvailable(): boolean {
	const p = chromiumPath();
	if (p) return true;
	const msg = 'BROWSER TESTS SKIPPED: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install -y chromium)';
	if (process.env.CI) throw new Error(`${msg} — failing because CI is set`);
	console.warn(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}\n`);
	return false;
}

export async function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath()!,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
	});
}
