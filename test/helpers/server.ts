// Start the built server (build/index.js) as a child process on a free port with
// its own database: the real HTTP server, as `node build` (and `npm start`) runs it, with no
// environment of its own beyond the test's (no BODY_SIZE_LIMIT: the app limits bodies itself).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './workspace';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export interface RunningServer {
	url: string;
	proc: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<RunningServer> {
	if (!existsSync(join(ROOT, 'build/index.js'))) throw new Error('build/index.js is missing: `npm test` builds it first (node scripts/start.js --build-only)');
	const port = await freePort();
	let out = '';
	const proc = spawn(process.execPath, ['build/index.js'], {
		cwd: ROOT,
		// single-user mode unless a test turns accounts on (CAUSEWAY_AUTH: 'on')
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TZ: 'UTC', CAUSEWAY_AUTH: 'off', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${out}`);
		try {
			const r = await fetch(`${url}/api/imports`);
			if (r.status < 500) break; // 200, or 401 when accounts are on
		} catch {
			/* not up yet */
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		proc,
		output: () => out,
		stop: () =>
			new Promise<void>((resolve) => {
				if (proc.exitCode !== null) return resolve();
				proc.once('exit', () => resolve());
				proc.kill('SIGTERM');
				setTimeout(() => proc.kill('SIGKILL'), 5000);
			})
	};
}
