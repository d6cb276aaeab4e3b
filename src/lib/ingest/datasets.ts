// Which dataset an export belongs to: a dataset is the stream of exports of one
// source system, and one help desk's weekly exports have the same columns. The
// file's headers are compared with the headers of each dataset's last import.
// Pure: shared by the server (the import) and the import page (the suggestion).

export interface DatasetHeaders {
	id: number;
	name: string;
	/** the headers of the dataset's last import */
	headers: string[];
	/** that import's file name */
	lastFile?: string | null;
}

export interface DatasetMatch {
	id: number;
	name: string;
	/** headers the file shares with the dataset's last import */
	shared: number;
	/** headers in either */
	of: number;
	/** shared / of (Jaccard) */
	score: number;
	lastFile: string | null;
}

/** The share of headers two files must have in common to be the same source. */
export const MATCH_THRESHOLD = 0.7;

/** A header as compared: trimmed, case and inner spaces folded, a byte-order mark dropped. */
export function headerKey(h: string): string {
	return h.replace(/^\ufeff/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The dataset whose last import has the most headers in common with `headers`
 * (shared / all, at least MATCH_THRESHOLD; ties go to the earlier entry, so pass
 * the most recently imported first), or null: then the file starts a new dataset.
 */
export function matchDataset(headers: string[], datasets: DatasetHeaders[]): DatasetMatch | null {
	const mine = new Set(headers.map(headerKey).filter((h) => h !== ''));
	if (mine.size === 0) return null;
	let best: DatasetMatch | null = null;
	for (const d of datasets) {
		const theirs = new Set(d.headers.map(headerKey).filter((h) => h !== ''));
		if (theirs.size === 0) continue;
		let shared = 0;
		for (const h of mine) if (theirs.has(h)) shared++;
		const of = mine.size + theirs.size - shared;
		const score = shared / of;
		if (score >= MATCH_THRESHOLD && (!best || score > best.score))
			best = { id: d.id, name: d.name, shared, of, score, lastFile: d.lastFile ?? null };
	}
	return best;
}

/** A new dataset's name from the file's: the base name without .csv/.tsv/.txt/.gz. */
export function datasetNameFromFile(fileName: string): string {
	const base = fileName.split(/[\\/]/).pop() ?? '';
	const name = base.replace(/(\.(csv|tsv|txt|xlsx|xls))?(\.gz)?$/i, '').trim();
	const v = (name || base || 'dataset').slice(0, 100);
	return /^\d+$/.test(v) ? `dataset ${v}`.slice(0, 100) : v;
}

/** The first name not taken: `name`, else `name (2)`, `name (3)` … */
export function uniqueName(name: string, taken: Iterable<string>): string {
	const used = new Set(taken);
	if (!used.has(name)) return name;
	for (let i = 2; ; i++) if (!used.has(`${name} (${i})`)) return `${name} (${i})`;
}

/** The language of an export: Chinese when a header is written in Chinese. */
export function languageOf(headers: string[]): 'zh' | 'en' {
	return headers.some((h) => /\p{Script=Han}/u.test(h)) ? 'zh' : 'en';
}

/** A dataset name a user typed: trimmed, 1–100 characters, no control characters. */
export function cleanDatasetName(name: string): string | null {
	const v = name.trim();
	// only digits would read as a dataset id in `dataset=` (a rename to "1" would take over dataset 1's links)
	if (!v || v.length > 100 || /[\u0000-\u001f\u007f]/.test(v) || /^\d+$/.test(v)) return null;
	return v;
}
