// Names of the importer's temp files, and the clean-up at start of those left by a
// killed process. Only files named as tempName names them, in our own temp folder,
// of a process that no longer runs (or of this one, before it has begun any import:
// in a container the restarted server often has the killed one's pid), are removed;
// nothing else in the folder is touched.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// (the names before the causeway- prefix too, left by an older version)
const NAME = /^(?:causeway-)?(stage|upload|sheet|preview)-(\d+)-\d+-[a-z0-9]{1,8}(\.csv|\.xml)?$/;

/** `causeway-<kind>-<pid>-<ms>-<random><ext>`: the pid says whose file it is. */
export function tempName(kind: 'stage' | 'upload' | 'sheet' | 'preview', ext = ''): string {
	return `causeway-${kind}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}${ext}`;
}

function alive(pid: number): boolean {
	if (pid === process.pid) return false; // called at start: nothing of ours is in flight yet
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * At start (before this process imports anything): remove our temp files of processes that are gone
 * (kill -9, a crash, a full disk). Returns what was removed.
 */
export function removeStaleTempFiles(dir: string): { files: number; bytes: number } {
	let files = 0;
	let bytes = 0;
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return { files, bytes };
	}
	for (const name of names) {
		const m = NAME.exec(name);
		if (!m || alive(Number(m[2]))) continue;
		const path = join(dir, name);
		try {
			const st = statSync(path);
			if (!st.isFile()) continue;
			rmSync(path, { force: true });
			files++;
			bytes += st.size;
		} catch {
			/* gone already, or not ours to remove */
		}
	}
	return { files, bytes };
}
